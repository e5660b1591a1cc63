//! Counting words in sentences people read.

/// "1 person", "2 people": the count and the word that agrees with it.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn one_takes_the_singular_and_every_other_count_the_plural() {
        let counted: Vec<String> = [0, 1, 2]
            .into_iter()
            .map(|n| plural(n, "person", "people"))
            .collect();

        assert_eq!(counted, ["0 people", "1 person", "2 people"]);
    }
}
