//! Database helpers every area shares (server only).

use sea_orm::{DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait};

/// Begins a transaction that will write. On SQLite it takes the write lock at `BEGIN IMMEDIATE`,
/// so simultaneous writers queue (up to the busy timeout) instead of failing when a reading
/// transaction tries to become a writing one; PostgreSQL ignores the mode.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Page `page` (from 1) of what `query` selects, in its order, and how many it selects in all:
/// what every paged list (the outbox, the audit log) shows.
pub async fn page_and_total<C, E>(
    query: sea_orm::Select<E>,
    db: &C,
    per_page: u64,
    page: u64,
) -> Result<(Vec<E::Model>, u64), DbErr>
where
    C: sea_orm::ConnectionTrait,
    E: sea_orm::EntityTrait,
    E::Model: Sync,
{
    use sea_orm::PaginatorTrait;
    let pages = query.paginate(db, per_page);
    let total = pages.num_items().await?;
    let rows = pages.fetch_page(page.saturating_sub(1)).await?;
    Ok((rows, total))
}
