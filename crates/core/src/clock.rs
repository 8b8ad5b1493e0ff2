//! Today's date. `COOPFED_TODAY=YYYY-MM-DD` fixes it, for tests and demos
//! whose data (expiry dates, upcoming events) is written for one day.

use chrono::NaiveDate;

/// Today (UTC), or the date in `COOPFED_TODAY` when it is set and valid.
pub fn today() -> NaiveDate {
    std::env::var("COOPFED_TODAY")
        .ok()
        .and_then(|text| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
}
