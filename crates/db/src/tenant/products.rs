//! `products` in a tenant schema: the catalogue, each with a category, a list
//! price and a priority (strategic, standard, loss leader).

use crate::{schema::tenant::products, DbError, TenantConn};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

#[derive(
    Debug,
    Clone,
    PartialEq,
    Queryable,
    Selectable,
    Insertable,
    AsChangeset,
    Serialize,
    utoipa::ToSchema,
)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: Uuid,
    pub name: String,
    pub category: String,
    pub list_price: Decimal,
    pub currency: String,
    pub priority: String,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

pub fn insert(t: &mut TenantConn<'_>, product: &Product) -> Result<(), DbError> {
    diesel::insert_into(products::table)
        .values(product)
        .execute(t.conn())?;
    Ok(())
}

pub fn save(t: &mut TenantConn<'_>, product: &Product) -> Result<(), DbError> {
    diesel::update(products::table.find(product.id))
        .set(product)
        .execute(t.conn())?;
    Ok(())
}

pub fn find(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Product>, DbError> {
    Ok(products::table
        .find(id)
        .select(Product::as_select())
        .first(t.conn())
        .optional()?)
}

pub fn find_for_update(t: &mut TenantConn<'_>, id: Uuid) -> Result<Option<Product>, DbError> {
    Ok(products::table
        .find(id)
        .for_update()
        .select(Product::as_select())
        .first(t.conn())
        .optional()?)
}

#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    pub priority: Option<String>,
    pub category: Option<String>,
    pub active: Option<bool>,
}

/// The catalogue filtered, by name.
pub fn list(t: &mut TenantConn<'_>, filter: &ProductFilter) -> Result<Vec<Product>, DbError> {
    let mut query = products::table.into_boxed();
    if let Some(priority) = &filter.priority {
        query = query.filter(products::priority.eq(priority.clone()));
    }
    if let Some(category) = &filter.category {
        query = query.filter(products::category.eq(category.clone()));
    }
    if let Some(active) = filter.active {
        query = query.filter(products::active.eq(active));
    }
    Ok(query
        .order((products::name, products::id))
        .select(Product::as_select())
        .load(t.conn())?)
}
