//! Backroom: the back office of a small online shop, in one binary.

pub mod app;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod customers;
pub mod dashboard;
pub mod db;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod error;
pub mod hooks;
pub mod inventory;
pub mod jobs;
pub mod records;
pub mod settings;
pub mod shop;
pub mod staff;
pub mod startup;
pub mod tokens;
pub mod web;
