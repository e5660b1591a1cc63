//! A person's profile as forms send it, and the rules it must meet. The same checks run in the
//! browser (to show a message as soon as a field is left) and on the server (which decides).

use serde::{Deserialize, Serialize};

use super::choices::{DegreeProgram, MeetingMode, MentorSource, Offer, Role, parse_codes};
use super::validation::quoted;

pub const PRONOUNS_MAX_CHARS: usize = 40;
pub const BIO_MAX_CHARS: usize = 1000;
pub const SHORT_TEXT_MAX_CHARS: usize = 120;
pub const LONG_TEXT_MAX_CHARS: usize = 1000;
pub const TAG_MAX_CHARS: usize = 60;
pub const TAGS_PER_KIND_MAX: usize = 15;

/// Time zones offered in the profile form: where the program's people live and work, Pacific first.
pub const TIME_ZONES: &[(&str, &str)] = &[
    ("America/Los_Angeles", "Pacific time (Los Angeles)"),
    ("America/Phoenix", "Arizona (Phoenix)"),
    ("America/Denver", "Mountain time (Denver)"),
    ("America/Chicago", "Central time (Chicago)"),
    ("America/New_York", "Eastern time (New York)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic time (Puerto Rico)"),
    ("America/Toronto", "Eastern time (Toronto)"),
    ("America/Vancouver", "Pacific time (Vancouver)"),
    ("America/Mexico_City", "Mexico City"),
    ("Europe/London", "London"),
    ("Europe/Berlin", "Central Europe (Berlin)"),
    ("Asia/Tokyo", "Tokyo"),
    ("Asia/Seoul", "Seoul"),
    ("Asia/Shanghai", "China (Shanghai)"),
    ("Asia/Kolkata", "India (Kolkata)"),
    ("Australia/Sydney", "Sydney"),
    ("UTC", "Coordinated Universal Time (UTC)"),
];

/// The profile form's fields, exactly as submitted (checkbox groups as lists of codes or labels;
/// every field optional in the post, so a missing one is reported as empty rather than as a
/// decoding error).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    /// `mentee` or `mentor`: which side's questions must be answered.
    pub side: String,
    pub pronouns: String,
    pub bio: String,
    pub location: String,
    /// A checkbox: "on" when ticked, empty otherwise.
    pub remote_ok: String,
    pub meeting_modes: Vec<String>,
    pub time_zone: String,
    pub contact_preferences: String,
    // Mentor side.
    pub employer: String,
    pub job_title: String,
    pub mentor_source: String,
    pub years_experience: String,
    pub offers: Vec<String>,
    pub alumni_graduation_year: String,
    pub expertise: Vec<String>,
    pub sectors: Vec<String>,
    // Mentee side.
    pub degree_program: String,
    pub expected_graduation_year: String,
    pub interests: Vec<String>,
    pub dream_sectors: Vec<String>,
    pub dream_jobs: String,
    pub unwanted_jobs: String,
    pub wants: Vec<String>,
    pub wants_from_mentor: String,
}

/// A profile that passed every rule; free text trimmed, lists parsed and de-duplicated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub side: Role,
    pub pronouns: String,
    pub bio: String,
    pub location: String,
    pub remote_ok: bool,
    pub meeting_modes: Vec<MeetingMode>,
    pub time_zone: String,
    pub contact_preferences: String,
    pub mentor: Option<MentorSide>,
    pub mentee: Option<MenteeSide>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentorSide {
    pub employer: String,
    pub job_title: String,
    pub source: MentorSource,
    pub years_experience: i32,
    pub offers: Vec<Offer>,
    pub alumni_graduation_year: Option<i32>,
    pub expertise: Vec<String>,
    pub sectors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenteeSide {
    pub degree_program: DegreeProgram,
    pub expected_graduation_year: i32,
    pub interests: Vec<String>,
    pub dream_sectors: Vec<String>,
    pub dream_jobs: String,
    pub unwanted_jobs: String,
    pub wants: Vec<Offer>,
    pub wants_from_mentor: String,
}

/// (field name, message) for every field that failed.
pub type FieldProblems = Vec<(&'static str, String)>;

/// Collects problems field by field so a form shows all of them at once.
#[derive(Default)]
struct Checker {
    problems: FieldProblems,
}

impl Checker {
    fn take<T>(&mut self, field: &'static str, outcome: Result<T, String>) -> Option<T> {
        match outcome {
            Ok(value) => Some(value),
            Err(message) => {
                self.problems.push((field, message));
                None
            }
        }
    }
}

/// Trimmed text of at most `max` characters; `required` names what to write when it is empty.
pub fn text(input: &str, max: usize, required: Option<&str>) -> Result<String, String> {
    let value = input.trim();
    if let (true, Some(what)) = (value.is_empty(), required) {
        return Err(format!("Enter {what}."));
    }
    let length = value.chars().count();
    if length > max {
        return Err(format!(
            "Keep this to {max} characters or fewer (it has {length})."
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err("Remove the control characters from this text.".into());
    }
    Ok(value.to_owned())
}

/// A whole number in `range`, named `what` in the message.
pub fn number_in(
    input: &str,
    range: std::ops::RangeInclusive<i32>,
    what: &str,
) -> Result<i32, String> {
    let value = input.trim();
    if value.is_empty() {
        return Err(format!("Enter {what}."));
    }
    value
        .parse::<i32>()
        .ok()
        .filter(|number| range.contains(number))
        .ok_or_else(|| {
            format!(
                "Enter {what} as a whole number from {} to {}.",
                range.start(),
                range.end()
            )
        })
}

fn one_of<T>(input: &str, from_code: impl Fn(&str) -> Option<T>, what: &str) -> Result<T, String> {
    from_code(input.trim()).ok_or_else(|| format!("Choose {what}."))
}

fn at_least_one<T: Copy + Ord>(
    codes: &[String],
    from_code: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Vec<T>, String> {
    let values = parse_codes(codes, from_code)?;
    if values.is_empty() {
        return Err(format!("Choose at least one {what}."));
    }
    Ok(values)
}

/// Vocabulary labels from checkboxes plus free tags, cleaned and de-duplicated ignoring case.
pub fn tags(labels: &[String], what: &str) -> Result<Vec<String>, String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut clean = Vec::new();
    for label in labels.iter().flat_map(|label| label.split(',')) {
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        if label.is_empty() {
            continue;
        }
        if label.chars().count() > TAG_MAX_CHARS {
            return Err(format!(
                "Keep each of your {what} to {TAG_MAX_CHARS} characters or fewer ({} is longer).",
                quoted(&label)
            ));
        }
        if seen.insert(label.to_lowercase()) {
            clean.push(label);
        }
    }
    if clean.is_empty() {
        return Err(format!("Choose or add at least one of your {what}."));
    }
    if clean.len() > TAGS_PER_KIND_MAX {
        return Err(format!(
            "Choose at most {TAGS_PER_KIND_MAX} {what} (you have {}).",
            clean.len()
        ));
    }
    Ok(clean)
}

fn time_zone(input: &str) -> Result<String, String> {
    TIME_ZONES
        .iter()
        .find(|(zone, _)| *zone == input.trim())
        .map(|(zone, _)| (*zone).to_owned())
        .ok_or_else(|| "Choose your time zone from the list.".to_owned())
}

impl ProfileInput {
    /// Checks every field; `this_year` bounds graduation years. The error lists each failing field.
    pub fn validate(&self, this_year: i32) -> Result<Profile, FieldProblems> {
        let mut check = Checker::default();
        let side = check.take(
            "side",
            one_of(
                &self.side,
                Role::from_code,
                "whether you take part as a mentee or a mentor",
            ),
        );
        let pronouns = check.take("pronouns", text(&self.pronouns, PRONOUNS_MAX_CHARS, None));
        let bio = check.take("bio", text(&self.bio, BIO_MAX_CHARS, Some("a short bio")));
        let location = check.take(
            "location",
            text(
                &self.location,
                SHORT_TEXT_MAX_CHARS,
                Some("your city or region"),
            ),
        );
        let meeting_modes = check.take(
            "meeting_modes",
            at_least_one(&self.meeting_modes, MeetingMode::from_code, "way to meet"),
        );
        let time_zone = check.take("time_zone", time_zone(&self.time_zone));
        let contact_preferences = check.take(
            "contact_preferences",
            text(&self.contact_preferences, SHORT_TEXT_MAX_CHARS * 2, None),
        );
        let mentor = (side == Some(Role::Mentor)).then(|| self.mentor_side(&mut check, this_year));
        let mentee = (side == Some(Role::Mentee)).then(|| self.mentee_side(&mut check, this_year));
        match (
            side,
            pronouns,
            bio,
            location,
            meeting_modes,
            time_zone,
            contact_preferences,
        ) {
            (
                Some(side),
                Some(pronouns),
                Some(bio),
                Some(location),
                Some(meeting_modes),
                Some(time_zone),
                Some(contact_preferences),
            ) if check.problems.is_empty() => Ok(Profile {
                side,
                pronouns,
                bio,
                location,
                remote_ok: !self.remote_ok.is_empty(),
                meeting_modes,
                time_zone,
                contact_preferences,
                mentor: mentor.flatten(),
                mentee: mentee.flatten(),
            }),
            _ => Err(check.problems),
        }
    }

    fn mentor_side(&self, check: &mut Checker, this_year: i32) -> Option<MentorSide> {
        let employer = check.take(
            "employer",
            text(
                &self.employer,
                SHORT_TEXT_MAX_CHARS,
                Some("your employer or institution"),
            ),
        );
        let job_title = check.take(
            "job_title",
            text(
                &self.job_title,
                SHORT_TEXT_MAX_CHARS,
                Some("your job title"),
            ),
        );
        let source = check.take(
            "mentor_source",
            one_of(
                &self.mentor_source,
                MentorSource::from_code,
                "how you come to the program",
            ),
        );
        let years_experience = check.take(
            "years_experience",
            number_in(&self.years_experience, 0..=60, "your years of experience"),
        );
        let offers = check.take(
            "offers",
            at_least_one(&self.offers, Offer::from_code, "thing you can offer"),
        );
        let alumni_graduation_year = match source {
            Some(MentorSource::Alumni) => check
                .take(
                    "alumni_graduation_year",
                    number_in(
                        &self.alumni_graduation_year,
                        1950..=this_year,
                        "the year you graduated",
                    ),
                )
                .map(Some),
            _ => Some(None),
        };
        let expertise = check.take("expertise", tags(&self.expertise, "areas of expertise"));
        let sectors = check.take("sectors", tags(&self.sectors, "sectors"));
        Some(MentorSide {
            employer: employer?,
            job_title: job_title?,
            source: source?,
            years_experience: years_experience?,
            offers: offers?,
            alumni_graduation_year: alumni_graduation_year?,
            expertise: expertise?,
            sectors: sectors?,
        })
    }

    fn mentee_side(&self, check: &mut Checker, this_year: i32) -> Option<MenteeSide> {
        let degree_program = check.take(
            "degree_program",
            one_of(
                &self.degree_program,
                DegreeProgram::from_code,
                "your degree program",
            ),
        );
        let expected_graduation_year = check.take(
            "expected_graduation_year",
            number_in(
                &self.expected_graduation_year,
                this_year - 1..=this_year + 8,
                "the year you expect to graduate",
            ),
        );
        let interests = check.take("interests", tags(&self.interests, "career interests"));
        let dream_sectors = check.take(
            "dream_sectors",
            tags(&self.dream_sectors, "sectors you would like to work in"),
        );
        let dream_jobs = check.take(
            "dream_jobs",
            text(&self.dream_jobs, LONG_TEXT_MAX_CHARS, None),
        );
        let unwanted_jobs = check.take(
            "unwanted_jobs",
            text(&self.unwanted_jobs, LONG_TEXT_MAX_CHARS, None),
        );
        let wants = check.take("wants", parse_codes(&self.wants, Offer::from_code));
        let wants_from_mentor = check.take(
            "wants_from_mentor",
            text(
                &self.wants_from_mentor,
                LONG_TEXT_MAX_CHARS,
                Some("what you want from a mentor"),
            ),
        );
        Some(MenteeSide {
            degree_program: degree_program?,
            expected_graduation_year: expected_graduation_year?,
            interests: interests?,
            dream_sectors: dream_sectors?,
            dream_jobs: dream_jobs?,
            unwanted_jobs: unwanted_jobs?,
            wants: wants?,
            wants_from_mentor: wants_from_mentor?,
        })
    }
}

/// Up to two initials for the photo-free avatar: "Ada Archive" → "AA", "Prince" → "P".
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let pick = match words.as_slice() {
        [] => Vec::new(),
        [only] => vec![*only],
        [first, .., last] => vec![*first, *last],
    };
    pick.iter()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| (*value).to_owned()).collect()
    }

    fn complete_mentee() -> ProfileInput {
        ProfileInput {
            side: "mentee".into(),
            bio: "Second-year MLIS student who loves zines.".into(),
            location: "Los Angeles".into(),
            remote_ok: "on".into(),
            meeting_modes: strings(&["video"]),
            time_zone: "America/Los_Angeles".into(),
            degree_program: "MLIS".into(),
            expected_graduation_year: "2027".into(),
            interests: strings(&["Archives", "Special collections"]),
            dream_sectors: strings(&["Academic libraries"]),
            wants_from_mentor: "Advice on archives job applications.".into(),
            ..Default::default()
        }
    }

    fn complete_mentor() -> ProfileInput {
        ProfileInput {
            side: "mentor".into(),
            bio: "Archivist at a university library.".into(),
            location: "Chicago".into(),
            meeting_modes: strings(&["video", "phone"]),
            time_zone: "America/Chicago".into(),
            employer: "Newberry Library".into(),
            job_title: "Archivist".into(),
            mentor_source: "alumni".into(),
            years_experience: "12".into(),
            offers: strings(&["resume_review", "mock_interviews"]),
            alumni_graduation_year: "2012".into(),
            expertise: strings(&["Archives"]),
            sectors: strings(&["Special collections"]),
            ..Default::default()
        }
    }

    fn problem_fields(input: &ProfileInput) -> Vec<&'static str> {
        input
            .validate(2026)
            .unwrap_err()
            .into_iter()
            .map(|(field, _)| field)
            .collect()
    }

    #[test]
    fn complete_profiles_pass_with_only_their_side_filled() {
        let mentee = complete_mentee().validate(2026).unwrap();
        assert!(mentee.mentee.is_some() && mentee.mentor.is_none());
        let mentor = complete_mentor().validate(2026).unwrap();
        assert_eq!(mentor.mentor.unwrap().alumni_graduation_year, Some(2012));
    }

    #[test]
    fn every_missing_required_field_is_named() {
        let input = ProfileInput {
            side: "mentor".into(),
            ..Default::default()
        };
        assert_eq!(
            problem_fields(&input),
            vec![
                "bio",
                "location",
                "meeting_modes",
                "time_zone",
                "employer",
                "job_title",
                "mentor_source",
                "years_experience",
                "offers",
                "expertise",
                "sectors"
            ]
        );
    }

    #[test]
    fn over_long_bio_reports_its_length() {
        let input = ProfileInput {
            bio: "x".repeat(BIO_MAX_CHARS + 1),
            ..complete_mentee()
        };
        let problems = input.validate(2026).unwrap_err();
        assert_eq!(problems[0].0, "bio");
        assert!(problems[0].1.contains("1001"), "{}", problems[0].1);
    }

    #[test]
    fn values_outside_the_allowed_sets_are_refused() {
        let input = ProfileInput {
            meeting_modes: strings(&["telepathy"]),
            time_zone: "Mars/Olympus_Mons".into(),
            degree_program: "MBA".into(),
            ..complete_mentee()
        };
        assert_eq!(
            problem_fields(&input),
            vec!["meeting_modes", "time_zone", "degree_program"]
        );
    }

    #[test]
    fn graduation_years_are_bounded_by_the_current_year() {
        let far_future = ProfileInput {
            expected_graduation_year: "2040".into(),
            ..complete_mentee()
        };
        assert_eq!(
            problem_fields(&far_future),
            vec!["expected_graduation_year"]
        );
        let alumni_from_the_future = ProfileInput {
            alumni_graduation_year: "2030".into(),
            ..complete_mentor()
        };
        assert_eq!(
            problem_fields(&alumni_from_the_future),
            vec!["alumni_graduation_year"]
        );
    }

    #[test]
    fn graduation_year_is_only_asked_of_alumni() {
        let staff = ProfileInput {
            mentor_source: "library_staff".into(),
            alumni_graduation_year: String::new(),
            ..complete_mentor()
        };
        assert_eq!(
            staff
                .validate(2026)
                .unwrap()
                .mentor
                .unwrap()
                .alumni_graduation_year,
            None
        );
    }

    #[test]
    fn free_tags_are_split_trimmed_and_deduplicated_ignoring_case() {
        let labels = strings(&["Archives", " archives , Oral  history,", "UX"]);
        assert_eq!(
            tags(&labels, "interests").unwrap(),
            strings(&["Archives", "Oral history", "UX"])
        );
        let too_many: Vec<String> = (0..=TAGS_PER_KIND_MAX)
            .map(|n| format!("tag {n}"))
            .collect();
        assert!(
            tags(&too_many, "interests")
                .unwrap_err()
                .contains("at most")
        );
    }

    #[test]
    fn initials_take_the_first_and_last_words() {
        assert_eq!(initials("Ada Lovelace Archive"), "AA");
        assert_eq!(initials("prince"), "P");
        assert_eq!(initials("  "), "");
        assert_eq!(initials("Émile Zola"), "ÉZ");
    }
}
