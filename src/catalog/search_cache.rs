//! Search results kept per catalog generation.
//!
//! A text search has to visit every product that matches and sort them all, whichever page is
//! shown: at 100,000 products a two-word search that matches 700 costs a few milliseconds,
//! every time, for every page of its results, for each keystroke the live search sends again.
//! So the ids of every match of a search, in list order, are kept here, tagged with the
//! catalog generation they were computed at. The generation is a counter that triggers move
//! on in the same transaction as every change to products, variants and tags, on every
//! instance and by every writer (the CLI too), so an entry from an older generation is never
//! used: a search never shows a stale result. Only the order is kept; each page's rows are read
//! fresh by id.
//!
//! The same idea as Elasticsearch's shard request cache, which is invalidated on refresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use diesel::prelude::*;

use crate::catalog::filter::{ProductFilter, Sort};
use crate::db::DbConnection;
use crate::db::schema::catalog_generation;
use crate::domain::ids::{CategoryId, ProductId};

/// Searches kept at most; each holds up to 1,001 ids (8 KiB).
const CAPACITY: usize = 256;

struct Entry {
    generation: i64,
    ids: Arc<[ProductId]>,
    used: Instant,
}

#[derive(Default)]
pub struct SearchCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl SearchCache {
    /// The ids of a search's matches in list order, if computed at this generation.
    pub fn get(&self, key: &str, generation: i64) -> Option<Arc<[ProductId]>> {
        let mut entries = self.entries.lock().ok()?;
        let entry = entries.get_mut(key)?;
        if entry.generation != generation {
            return None;
        }
        entry.used = Instant::now();
        Some(entry.ids.clone())
    }

    pub fn put(&self, key: String, generation: i64, ids: Arc<[ProductId]>) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            // Entries of older generations are dead weight; otherwise drop the least used.
            entries.retain(|_, e| e.generation >= generation);
            if entries.len() >= CAPACITY {
                if let Some(oldest) = entries
                    .iter()
                    .min_by_key(|(_, e)| e.used)
                    .map(|(k, _)| k.clone())
                {
                    entries.remove(&oldest);
                }
            }
        }
        entries.insert(
            key,
            Entry {
                generation,
                ids,
                used: Instant::now(),
            },
        );
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }
}

/// What identifies a search's result list: its words (as searched: lower-cased, punctuation
/// dropped), every other filter and the sort. `None` when the filter has no search words.
pub fn key_of(filter: &ProductFilter, sort: Sort) -> Option<String> {
    let terms = crate::db::search::terms(&filter.q);
    if terms.is_empty() {
        return None;
    }
    let categories = filter
        .category_ids
        .as_ref()
        .map(|ids| {
            let mut ids = ids.clone();
            ids.sort_unstable();
            ids.iter()
                .map(CategoryId::to_string)
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    // Fields are separated by a control character no filter value can contain unescaped in a
    // way that matters: two different filters never share a key.
    Some(
        [
            terms.join(" "),
            filter.status.map(|s| s.as_str()).unwrap_or("").to_owned(),
            categories,
            format!("{:?}", filter.vendor),
            format!("{:?}", filter.product_type),
            format!("{:?}", filter.tag),
            sort.as_str().to_owned(),
        ]
        .join("\u{1f}"),
    )
}

/// The catalog's current generation.
pub fn generation(conn: &mut DbConnection) -> QueryResult<i64> {
    catalog_generation::table
        .find(1_i64)
        .select(catalog_generation::generation)
        .first(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::domain::ProductStatus;

    fn filter(q: &str) -> ProductFilter {
        ProductFilter {
            q: q.into(),
            ..Default::default()
        }
    }

    #[test]
    fn keys_tell_apart_every_filter_and_sort_but_not_spelling() {
        let base = key_of(&filter("Linen  shirt"), Sort::UpdatedDesc).unwrap();
        assert_eq!(
            Some(base.clone()),
            key_of(&filter("linen, SHIRT"), Sort::UpdatedDesc)
        );
        assert!(key_of(&filter("  ,, "), Sort::UpdatedDesc).is_none());
        let mut others = vec![
            key_of(&filter("linen"), Sort::UpdatedDesc),
            key_of(&filter("linen shirt"), Sort::TitleAsc),
        ];
        let mut with_status = filter("linen shirt");
        with_status.status = Some(ProductStatus::Active);
        others.push(key_of(&with_status, Sort::UpdatedDesc));
        let mut with_vendor = filter("linen shirt");
        with_vendor.vendor = Some(String::new());
        others.push(key_of(&with_vendor, Sort::UpdatedDesc));
        let mut with_type = filter("linen shirt");
        with_type.product_type = Some("x".into());
        others.push(key_of(&with_type, Sort::UpdatedDesc));
        let mut with_tag = filter("linen shirt");
        with_tag.tag = Some("x".into());
        others.push(key_of(&with_tag, Sort::UpdatedDesc));
        let mut with_category = filter("linen shirt");
        with_category.category_ids = Some(vec![CategoryId::new(3), CategoryId::new(1)]);
        others.push(key_of(&with_category, Sort::UpdatedDesc));
        let mut same_category = filter("linen shirt");
        same_category.category_ids = Some(vec![CategoryId::new(1), CategoryId::new(3)]);
        assert_eq!(
            others.last().cloned(),
            Some(key_of(&same_category, Sort::UpdatedDesc))
        );
        for other in &others {
            assert_ne!(other.as_deref(), Some(base.as_str()));
        }
    }

    #[test]
    fn an_entry_serves_only_its_own_generation_and_the_cache_stays_bounded() {
        let cache = SearchCache::default();
        let ids = [3, 1, 2].map(ProductId::new);
        cache.put("a".into(), 7, Arc::from(ids));
        assert_eq!(cache.get("a", 7).as_deref(), Some(&ids[..]));
        assert!(
            cache.get("a", 8).is_none(),
            "a newer catalog must not see old results"
        );
        assert!(cache.get("b", 7).is_none());
        for i in 0..(CAPACITY * 2) {
            cache.put(
                format!("k{i}"),
                9,
                Arc::from(vec![ProductId::new(i as i64)]),
            );
        }
        assert!(cache.len() <= CAPACITY);
        assert!(cache.get("a", 7).is_none(), "old generations go first");
        let last = format!("k{}", CAPACITY * 2 - 1);
        assert!(cache.get(&last, 9).is_some(), "the newest entry stays");
    }
}
