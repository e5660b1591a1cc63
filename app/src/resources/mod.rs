//! The program's resources written with past participants. For now the mentorship tips, as the
//! program published them; organizer-edited pages with revisions are still to come (issue 5).

pub mod tips;
