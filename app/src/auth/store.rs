//! tower-sessions' store over sea-orm, so sessions live in the same SQLite or PostgreSQL database as
//! everything else and survive restarts and load balancing across instances.

use std::collections::HashMap;

use async_trait::async_trait;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, NotSet, QueryFilter, Set, SqlErr,
};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

use super::ssr::USER_ID_KEY;
use crate::entities::sessions;

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    fn row(record: &Record) -> session_store::Result<sessions::ActiveModel> {
        let data = serde_json::to_string(&record.data)
            .map_err(|err| session_store::Error::Encode(err.to_string()))?;
        let user_id = record
            .data
            .get(USER_ID_KEY)
            .and_then(serde_json::Value::as_i64)
            .and_then(|id| i32::try_from(id).ok());
        Ok(sessions::ActiveModel {
            id: Set(record.id.to_string()),
            data: Set(data),
            user_id: Set(user_id),
            expires_at: Set(record.expiry_date.unix_timestamp()),
        })
    }
}

fn backend(err: DbErr) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A 128-bit id colliding is astronomically unlikely, but a collision must never hand one
        // person's session to another: draw a new id and try again.
        loop {
            match sessions::Entity::insert(Self::row(record)?)
                .exec(&self.db)
                .await
            {
                Ok(_) => return Ok(()),
                Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    record.id = Id::default();
                }
                Err(err) => return Err(backend(err)),
            }
        }
    }

    /// Updates the stored session, never creates one: tower-sessions (0.15) sends a brand-new
    /// session (no cookie, an unknown cookie, or a cycled id) through [`Self::create`], and only
    /// a session it loaded from this store through here. A request still in flight when the row
    /// was deleted (signing out, a password change ending other devices, a disabled account)
    /// therefore cannot write it back: the ended session stays ended.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = sessions::ActiveModel {
            id: NotSet,
            ..Self::row(record)?
        };
        sessions::Entity::update_many()
            .set(row)
            .filter(sessions::Column::Id.eq(record.id.to_string()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = sessions::Entity::find_by_id(session_id.to_string())
            .filter(sessions::Column::ExpiresAt.gt(now()))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data: HashMap<String, serde_json::Value> = serde_json::from_str(&row.data)
            .map_err(|err| session_store::Error::Decode(err.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(row.expires_at)
            .map_err(|err| session_store::Error::Decode(err.to_string()))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        sessions::Entity::delete_by_id(session_id.to_string())
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lte(now()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
