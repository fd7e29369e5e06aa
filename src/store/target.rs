//! Where a store lives: a SQLite file or a PostgreSQL database, and how it is named.

use std::path::Path;

/// Where a store lives: a SQLite file, or a PostgreSQL database named by its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    File(std::path::PathBuf),
    Postgres(String),
}

impl Target {
    /// `postgres://…` or `postgresql://…` is a server; anything else a file.
    pub fn parse(text: &str) -> Target {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Target::Postgres(text.to_string())
        } else {
            Target::File(text.into())
        }
    }

    /// As given (a URL keeps its password), to hand to another ringup process.
    pub fn to_string_with_password(&self) -> String {
        match self {
            Target::File(p) => p.display().to_string(),
            Target::Postgres(url) => url.clone(),
        }
    }

    pub fn file(&self) -> Option<&Path> {
        match self {
            Target::File(p) => Some(p),
            Target::Postgres(_) => None,
        }
    }
}

impl std::fmt::Display for Target {
    /// The file's path, or the URL without its password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::File(p) => write!(f, "{}", p.display()),
            Target::Postgres(url) => write!(f, "{}", without_password(url)),
        }
    }
}

/// `postgres://user:secret@host/db` as `postgres://user@host/db`, for messages and logs.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_string(),
    }
}
