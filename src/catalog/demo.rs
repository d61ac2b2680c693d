//! The catalog part of `backroom demo-data`: a realistic apparel-and-home shop of any size,
//! the same for the same seed. Written in batches of plain inserts (one transaction each) so that
//! 100,000 products take seconds, with the same derived columns, tags and search entries a save
//! through the product form writes.

use diesel::prelude::*;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use crate::catalog::domain::{Handle, Sku};
use crate::catalog::search;
use crate::db::schema::{categories, products, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{CategoryId, ProductId};
use crate::error::AppError;

const CATEGORY_TREE: &[(&str, &[&str])] = &[
    ("Clothing", &["Shirts", "Knitwear", "Outerwear", "Trousers"]),
    ("Accessories", &["Bags", "Hats", "Scarves"]),
    ("Home", &["Kitchen", "Bedding", "Lighting"]),
    ("Stationery", &["Notebooks", "Pens"]),
];
const ADJECTIVES: &[&str] = &[
    "Classic", "Everyday", "Heritage", "Coastal", "Field", "Harbour", "Studio", "Alpine", "Market",
    "Weekend", "Workshop", "Meadow",
];
const MATERIALS: &[&str] = &[
    "Linen",
    "Cotton",
    "Wool",
    "Canvas",
    "Leather",
    "Oak",
    "Stoneware",
    "Cashmere",
    "Denim",
    "Brass",
    "Recycled",
    "Merino",
];
const ITEMS: &[(&str, &str, usize)] = &[
    ("Shirt", "Shirts", 0),
    ("Sweater", "Knitwear", 0),
    ("Jacket", "Outerwear", 0),
    ("Chinos", "Trousers", 0),
    ("Tote", "Bags", 1),
    ("Cap", "Hats", 1),
    ("Scarf", "Scarves", 1),
    ("Mug", "Kitchen", 2),
    ("Duvet Cover", "Bedding", 2),
    ("Table Lamp", "Lighting", 2),
    ("Notebook", "Notebooks", 3),
    ("Fountain Pen", "Pens", 3),
];
const VENDORS: &[&str] = &[
    "Harbour Mills",
    "Northwind Goods",
    "Fjord & Field",
    "Old Quay Works",
    "Linden Studio",
    "Copper Kettle Co.",
    "Marlow Textiles",
    "Greystone Ceramics",
];
const TAGS: &[&str] = &[
    "new",
    "bestseller",
    "sale",
    "organic",
    "gift",
    "limited",
    "summer",
    "winter",
    "handmade",
    "eco",
];
const SIZES: &[&str] = &["XS", "S", "M", "L", "XL"];
const COLOURS: &[&str] = &["Navy", "Sand", "Olive", "Charcoal", "Rust", "Ivory"];

/// Creates the category tree (if missing) and `count` products; returns a report line.
pub fn generate(
    conn: &mut DbConnection,
    rng: &mut StdRng,
    count: usize,
) -> Result<String, AppError> {
    let existing: i64 = products::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(format!(
            "the catalog has {existing} products already; none added"
        ));
    }
    let category_ids = ensure_categories(conn)?;
    let mut variants_written = 0usize;
    let batch = 500;
    let mut start = 0;
    while start < count {
        let end = (start + batch).min(count);
        variants_written += db::write(conn, |c| {
            let mut written = 0;
            for n in start..end {
                written += insert_product(c, rng, n, &category_ids)?;
            }
            Ok(written)
        })?;
        start = end;
    }
    db::write(conn, |c| Ok(search::tidy(c)?))?;
    Ok(format!(
        "{count} products with {variants_written} variants in {} categories",
        category_ids.len()
    ))
}

fn ensure_categories(conn: &mut DbConnection) -> Result<Vec<(String, CategoryId)>, AppError> {
    db::write(conn, |c| {
        let now = db::now();
        let mut ids = Vec::new();
        for (parent, children) in CATEGORY_TREE {
            let parent_id = upsert_category(c, parent, None, now)?;
            ids.push(((*parent).to_owned(), parent_id));
            for child in *children {
                ids.push((
                    (*child).to_owned(),
                    upsert_category(c, child, Some(parent_id), now)?,
                ));
            }
        }
        Ok(ids)
    })
}

fn upsert_category(
    conn: &mut DbConnection,
    name: &str,
    parent: Option<CategoryId>,
    now: chrono::NaiveDateTime,
) -> QueryResult<CategoryId> {
    let slug = Handle::from_title(name);
    if let Some(id) = categories::table
        .filter(categories::slug.eq(slug.as_str()))
        .select(categories::id)
        .first::<CategoryId>(conn)
        .optional()?
    {
        return Ok(id);
    }
    diesel::insert_into(categories::table)
        .values((
            categories::name.eq(name),
            categories::slug.eq(slug.as_str()),
            categories::parent_id.eq(parent),
            categories::version.eq(1_i64),
            categories::created_at.eq(now),
            categories::updated_at.eq(now),
        ))
        .returning(categories::id)
        .get_result(conn)
}

/// One product; returns how many variants it got.
fn insert_product(
    conn: &mut DbConnection,
    rng: &mut StdRng,
    n: usize,
    category_ids: &[(String, CategoryId)],
) -> Result<usize, AppError> {
    let adjective = ADJECTIVES.choose(rng).copied().unwrap_or("Classic");
    let material = MATERIALS.choose(rng).copied().unwrap_or("Linen");
    let (item, category, _) = ITEMS.choose(rng).copied().unwrap_or(("Shirt", "Shirts", 0));
    let title = format!("{adjective} {material} {item} {}", n + 1);
    let handle = Handle::from_title(&title);
    let vendor = VENDORS.choose(rng).copied().unwrap_or("Harbour Mills");
    let tag_count = rng.random_range(0..=3);
    let mut tags: Vec<&str> = TAGS.choose_multiple(rng, tag_count).copied().collect();
    tags.sort_unstable();
    let status = match rng.random_range(0..10) {
        0 => "draft",
        1 => "archived",
        _ => "active",
    };
    let category_id = category_ids
        .iter()
        .find(|(name, _)| name == category)
        .map(|(_, id)| *id);
    // Clothing has size (and often colour); other goods one default variant, or colours.
    let is_clothing = matches!(category, "Shirts" | "Knitwear" | "Outerwear" | "Trousers");
    let options: Vec<(&str, Vec<&str>)> = if is_clothing {
        let sizes: Vec<&str> = SIZES[1..4].to_vec();
        if rng.random_bool(0.3) {
            vec![
                ("Size", sizes),
                ("Colour", COLOURS.choose_multiple(rng, 2).copied().collect()),
            ]
        } else {
            vec![("Size", sizes)]
        }
    } else if rng.random_bool(0.3) {
        vec![("Colour", COLOURS.choose_multiple(rng, 3).copied().collect())]
    } else {
        Vec::new()
    };
    let base_price: i64 =
        rng.random_range(8..250) * 100 + [0, 50, 95, 99].choose(rng).copied().unwrap_or(0);
    let mut combos: Vec<Vec<&str>> = vec![Vec::new()];
    for (_, values) in &options {
        combos = combos
            .into_iter()
            .flat_map(|prefix| {
                values
                    .iter()
                    .map(move |v| [prefix.clone(), vec![*v]].concat())
            })
            .collect();
    }
    let prices: Vec<i64> = combos
        .iter()
        .enumerate()
        .map(|(i, _)| base_price + if i % 3 == 2 { 500 } else { 0 })
        .collect();
    let now = db::now() - chrono::Duration::minutes(rng.random_range(0..60 * 24 * 90));
    let product_id: ProductId = diesel::insert_into(products::table)
        .values((
            products::title.eq(&title),
            products::handle.eq(handle.as_str()),
            products::description.eq(format!(
                "{adjective} {} in {}, made by {vendor}.\n\nCare: see the label.",
                item.to_lowercase(),
                material.to_lowercase()
            )),
            products::status.eq(status),
            products::vendor.eq(vendor),
            products::product_type.eq(item),
            products::tags.eq(tags.join(", ")),
            products::category_id.eq(category_id),
            products::option1_name.eq(options.first().map(|o| o.0)),
            products::option2_name.eq(options.get(1).map(|o| o.0)),
            // Seeded history: a product that is not a draft has been on sale.
            products::ever_active.eq(status != "draft"),
            products::version.eq(1_i64),
            products::updated_by.eq("demo data"),
            products::created_at.eq(now),
            products::updated_at.eq(now),
        ))
        .returning(products::id)
        .get_result(conn)?;
    for (position, (combo, price)) in combos.iter().zip(&prices).enumerate() {
        let values: Vec<String> = combo.iter().map(|v| (*v).to_owned()).collect();
        let sku = Sku::generate(handle.as_str(), &values);
        diesel::insert_into(variants::table)
            .values((
                variants::product_id.eq(product_id),
                variants::sku.eq(sku.as_str()),
                variants::sku_key.eq(sku.key()),
                variants::barcode.eq(format!("20{:011}", product_id.get() * 10 + position as i64)),
                variants::option1.eq(combo.first().copied()),
                variants::option2.eq(combo.get(1).copied()),
                variants::price.eq(price),
                variants::compare_at_price.eq(if tags.contains(&"sale") {
                    Some(price + 1000)
                } else {
                    None
                }),
                variants::cost.eq(Some(price * 45 / 100)),
                variants::weight_grams.eq(Some(rng.random_range(80..2500))),
                variants::track_inventory.eq(true),
                variants::allow_backorder.eq(false),
                variants::position.eq(position as i64),
                variants::created_at.eq(now),
                variants::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    if n < PRODUCTS_WITH_IMAGES {
        add_placeholder_image(conn, product_id, n, &title)?;
    }
    crate::catalog::products::refresh_derived(conn, product_id)?;
    Ok(combos.len())
}

/// Products that get a generated picture (all of them would make big demo databases slow to seed).
const PRODUCTS_WITH_IMAGES: usize = 300;
const PALETTE: [[u8; 3]; 6] = [
    [31, 95, 139],
    [154, 91, 0],
    [29, 122, 70],
    [120, 60, 130],
    [180, 60, 50],
    [70, 80, 90],
];

/// A plain two-tone picture made here (no download), stored like an upload.
fn add_placeholder_image(
    conn: &mut DbConnection,
    product_id: ProductId,
    n: usize,
    title: &str,
) -> Result<(), AppError> {
    let [r, g, b] = PALETTE[n % PALETTE.len()];
    let picture = image::RgbImage::from_fn(400, 400, |x, y| {
        if (x / 40 + y / 40) % 2 == 0 {
            image::Rgb([r, g, b])
        } else {
            image::Rgb([r / 2 + 100, g / 2 + 100, b / 2 + 100])
        }
    });
    let mut bytes = Vec::new();
    picture
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Jpeg,
        )
        .map_err(|e| AppError::Unexpected(format!("demo image: {e}")))?;
    let checked = crate::catalog::images::check_image(bytes)
        .map_err(|problem| AppError::Unexpected(problem.message()))?;
    crate::catalog::images::store_image(conn, product_id, 0, title, &checked)?;
    Ok(())
}
