//! Participants reduced to what scoring compares, as bit sets: built once per person, so scoring
//! every pair of a large year is a handful of AND-and-count operations with no allocation.

use std::collections::BTreeMap;

use super::model::{MeetingMode, MenteeProfile, MentorProfile, PersonId};

/// A set of small dense indexes. The first 64 live inline, so the usual vocabulary of a few dozen
/// terms compares without touching the heap; the size is counted once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bits {
    first: u64,
    rest: Vec<u64>,
    count: usize,
}

impl Bits {
    fn from_words(mut words: Vec<u64>) -> Self {
        let count = words.iter().map(|w| w.count_ones() as usize).sum();
        let first = if words.is_empty() { 0 } else { words.remove(0) };
        Self {
            first,
            rest: words,
            count,
        }
    }

    fn from_indexes(indexes: impl IntoIterator<Item = usize>) -> Self {
        let mut words = Vec::new();
        for index in indexes {
            let word = index / 64;
            if words.len() <= word {
                words.resize(word + 1, 0);
            }
            words[word] |= 1 << (index % 64);
        }
        Self::from_words(words)
    }

    fn words(&self) -> impl Iterator<Item = u64> + '_ {
        std::iter::once(self.first).chain(self.rest.iter().copied())
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    #[inline]
    pub fn common(&self, other: &Bits) -> usize {
        let first = (self.first & other.first).count_ones() as usize;
        if self.rest.is_empty() || other.rest.is_empty() {
            return first;
        }
        first
            + self
                .rest
                .iter()
                .zip(&other.rest)
                .map(|(a, b)| (a & b).count_ones() as usize)
                .sum::<usize>()
    }

    fn union(&self, other: &Bits) -> Bits {
        let (mine, theirs): (Vec<u64>, Vec<u64>) =
            (self.words().collect(), other.words().collect());
        let len = mine.len().max(theirs.len());
        Self::from_words(
            (0..len)
                .map(|i| mine.get(i).copied().unwrap_or(0) | theirs.get(i).copied().unwrap_or(0))
                .collect(),
        )
    }
}

/// Dense indexes for the tags, offers and regions of one instance.
#[derive(Debug, Default)]
pub struct Vocabulary {
    tags: BTreeMap<i32, usize>,
    offers: BTreeMap<i32, usize>,
    regions: BTreeMap<String, usize>,
}

fn index_of<K: Ord>(map: &mut BTreeMap<K, usize>, key: K) -> usize {
    let next = map.len();
    *map.entry(key).or_insert(next)
}

impl Vocabulary {
    fn tags(&mut self, tags: &[i32]) -> Bits {
        Bits::from_indexes(tags.iter().map(|tag| index_of(&mut self.tags, *tag)))
    }

    fn offers(&mut self, offers: &[i32]) -> Bits {
        Bits::from_indexes(
            offers
                .iter()
                .map(|offer| index_of(&mut self.offers, *offer)),
        )
    }

    /// Regions compare as written, ignoring case and surrounding spaces; empty means unknown.
    fn region(&mut self, region: &str) -> Option<usize> {
        let key = region.trim().to_lowercase();
        (!key.is_empty()).then(|| index_of(&mut self.regions, key))
    }

    pub fn mentee(&mut self, mentee: &MenteeProfile) -> MenteeFeatures {
        MenteeFeatures {
            interests: self.tags(&mentee.interests),
            dream_sectors: self.tags(&mentee.dream_sectors),
            modes: mode_bits(&mentee.modes),
            region: self.region(&mentee.region),
            remote_ok: mentee.remote_ok,
            wants: self.offers(&mentee.wants),
            preferred: mentee.preferred_mentors.clone(),
        }
    }

    pub fn mentor(&mut self, mentor: &MentorProfile) -> MentorFeatures {
        let expertise = self.tags(&mentor.expertise);
        let sectors = self.tags(&mentor.sectors);
        MentorFeatures {
            topics: expertise.union(&sectors),
            sectors,
            modes: mode_bits(&mentor.modes),
            region: self.region(&mentor.region),
            remote_ok: mentor.remote_ok,
            offers: self.offers(&mentor.offers),
            preferred: mentor.preferred_mentees.clone(),
        }
    }
}

pub fn mode_bits(modes: &[MeetingMode]) -> u8 {
    modes.iter().fold(0, |bits, mode| bits | (1 << *mode as u8))
}

#[derive(Debug, Clone)]
pub struct MenteeFeatures {
    pub interests: Bits,
    pub dream_sectors: Bits,
    pub modes: u8,
    pub region: Option<usize>,
    pub remote_ok: bool,
    pub wants: Bits,
    pub preferred: Vec<PersonId>,
}

#[derive(Debug, Clone)]
pub struct MentorFeatures {
    /// Expertise and sectors together: what a mentee's interests are compared with.
    pub topics: Bits,
    pub sectors: Bits,
    pub modes: u8,
    pub region: Option<usize>,
    pub remote_ok: bool,
    pub offers: Bits,
    pub preferred: Vec<PersonId>,
}
