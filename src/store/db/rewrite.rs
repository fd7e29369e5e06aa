//! Query texts written once, in the SQL both backends accept, turned into PostgreSQL's.

/// A query text as PostgreSQL reads it (see the module's notes). Quoted text is kept as is.
pub fn postgres_text(sql: &str) -> String {
    const JSON_LIST: &str = "SELECT value FROM json_each(";
    let mut out = String::with_capacity(sql.len() + 16);
    let mut rest = sql;
    let mut next_bare = 0;
    while let Some(c) = rest.chars().next() {
        if c == '\'' || c == '"' {
            let end = rest[1..].find(c).map_or(rest.len(), |i| i + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if c == '?' {
            let digits = rest[1..]
                .find(|ch: char| !ch.is_ascii_digit())
                .unwrap_or(rest.len() - 1);
            out.push('$');
            if digits == 0 {
                next_bare += 1;
                out.push_str(&next_bare.to_string());
            } else {
                out.push_str(&rest[1..=digits]);
            }
            rest = &rest[1 + digits..];
        } else if let Some(after) = rest.strip_prefix(JSON_LIST) {
            let close = after.find(')').unwrap_or(after.len());
            let list = postgres_text(&after[..close]);
            out.push_str(&format!(
                "SELECT value::bigint FROM json_array_elements_text(({list})::json) AS t(value)"
            ));
            rest = after.get(close + 1..).unwrap_or("");
        } else if rest.starts_with("LIKE") && out.ends_with(char::is_whitespace) {
            out.push_str("ILIKE");
            rest = &rest[4..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered_dollars_outside_quotes() {
        assert_eq!(
            postgres_text("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND d = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND d = $12"
        );
        assert_eq!(postgres_text("VALUES (?, ?)"), "VALUES ($1, $2)");
    }

    #[test]
    fn like_ignores_case_and_json_lists_are_read_as_numbers() {
        assert_eq!(
            postgres_text("WHERE name LIKE ?2 ESCAPE '\\' AND kind = 'LIKE '"),
            "WHERE name ILIKE $2 ESCAPE '\\' AND kind = 'LIKE '"
        );
        assert_eq!(
            postgres_text("WHERE id IN (SELECT value FROM json_each(?3))"),
            "WHERE id IN (SELECT value::bigint FROM json_array_elements_text(($3)::json) AS t(value))"
        );
    }
}
