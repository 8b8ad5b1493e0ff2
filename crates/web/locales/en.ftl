# coopfed's interface in English. Every other language file has the same messages.

## Dates and moments
date-long = { $day } { $month } { $year }
moment = { $date }, { $time } ({ $zone })
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Layout
skip-to-content = Skip to the content
nav-label = Main
nav-jobs = Jobs
nav-directory = Directory
nav-news = News and events
nav-federation = Federation
nav-login = Log in
nav-account = Account ({ $name })
language-switcher = Language
footer-about = A network of tech worker co-operatives, federated with its partners through ActivityPub.
footer-api = API
feed-jobs = Job offers (Atom)
feed-news = News (Atom)
feed-events = Events (iCalendar)
handle-copy = Select the address to copy it
pager-label = More results
pager-next = Next page →

## Filters
filter-any = Any
filter-words = Words
filter-skill = Skill (in any language)
filter-network = Network
filter-country = Country (code, like NL)
filter-remote = Remote
filter-remote-yes = Remote only
filter-remote-no = On site only
filter-employment = Type of work
filter-language = Language
filter-salary = Pays at least
filter-posted-since = Posted since (YYYY-MM-DD)
filter-service = Service
filter-technology = Technology
filter-size-min = At least … people
filter-size-max = At most … people
filter-kind = Kind
filter-apply = Search
filter-reset = Clear the filters
filter-more = More filters
invalid-q = These words cannot be searched.
invalid-skill = No skill has this name. Try another word or a label in another language.
invalid-country = Give a two-letter country code, like NL or DE.
invalid-language = Give a two-letter language code, like de.
invalid-salary-min = Give an amount as a number, like 40000.
invalid-posted-since = Give a date as YYYY-MM-DD, like 2026-11-01.
invalid-remote = Choose remote or on site.
invalid-employment-type = Choose a type of work from the list.
invalid-kind = Choose news or event.
invalid-after = This page of results is no longer available; start again.
invalid-size-min = Give a whole number of people.
invalid-size-max = Give a whole number of people.

## Job board
jobs-title = Jobs at tech co-ops
jobs-lede = Open offers of the co-ops of every partner network, newest first.
jobs-filter-label = Filter the job offers
jobs-results = Offers
jobs-none = No open offer matches.
employment-full_time = Full time
employment-part_time = Part time
employment-contract = Contract
employment-freelance = Freelance
employment-volunteer = Volunteer
employment-internship = Internship
job-remote = remote
job-posted = Posted { $date }
job-carried-by = carried by { $networks }
salary-amount = { $amount } { $currency }
salary-per-hour = { $amount } { $currency } per hour
salary-per-day = { $amount } { $currency } per day
salary-per-week = { $amount } { $currency } per week
salary-per-month = { $amount } { $currency } per month
salary-per-year = { $amount } { $currency } per year

## Job page
job-expired = This offer has expired.
job-place = Place
job-salary = Salary
job-posted-on = Posted
job-valid-through = Open until
job-languages = Languages
job-apply = How to apply
job-apply-link = Apply on the co-op's site
job-apply-email = Or write to
job-apply-write = Write to
job-skills = Skills
job-where-published = Published in
job-fediverse-address = Address in the fediverse (search it from Mastodon or Lemmy)
job-matching-coops = Co-ops across the federation with these skills
job-matching-coops-lede = Ranked by how many of the offer's skills they list.
job-matching-skills = { $count ->
    [one] one matching skill
   *[other] { $count } matching skills
}

## Directory
directory-title = Directory of tech co-ops
directory-lede = Who does what, in every partner network.
directory-filter-label = Filter the co-ops
directory-results = Co-ops
directory-none = No co-op matches.
coop-size-people = { $count ->
    [one] one person
   *[other] { $count } people
}
coop-place = Place
coop-size = Size
coop-legal-form = Legal form
coop-founded = Founded
coop-joined = Member since
coop-languages = Languages
coop-services = Services
coop-technologies = Technologies
coop-sectors = Sectors
coop-website = Website
coop-contact = Contact
coop-links = Elsewhere
coop-skills = Skills
coop-jobs = Open job offers
coop-no-jobs = No open offer.
coop-news = News and events
coop-no-news = Nothing published yet.
actor-kind-coop = Member co-op
actor-kind-network = Network of tech co-operatives
actor-kind-group = Stream of the network
actor-kind-instance = Server of the network
actor-kind-person = Account
follow-handle = Follow from the fediverse
follow-how = Search for this address from Mastodon, Lemmy, Mobilizon or any fediverse server, then follow it.

## News and events
news-title = News and events
news-lede = What the networks and their co-ops announce.
news-filter-label = Filter the news and events
news-results = Announcements
news-none = Nothing matches.
kind-news = News
kind-event = Event
category-gathering = Gathering
category-tender = Tender
category-funding = Funding
category-workshop = Workshop
category-meetup = Meetup
category-conference = Conference
category-webinar = Webinar
event-starts = Starts
event-ends = Ends
event-place = Place
event-online = Online
event-registration = Registration
event-add-to-calendar = Add to my calendar

## Federation
federation-title = The federation
federation-lede = The networks this one knows, its partners, and how messages to them are doing.
federation-table-caption = Networks of tech co-operatives
federation-network = Network
federation-relation = Relation
federation-coops = Co-ops
federation-last-contact = Last reached
federation-deliveries = Deliveries
federation-follow = Address
federation-this-network = This network
federation-partner = Partner
federation-known = Known
federation-never = Not yet
federation-unreachable-since = Unreachable since { $date }
federation-waiting-failing = { $pending } waiting, { $failed } failed
count-coops = { $count ->
    [one] one co-op
   *[other] { $count } co-ops
}

## Home
home-what = Find work at a worker co-operative, or a co-op to work with: job offers, member co-ops and news from every partner network, in one place.
home-browse-jobs = Browse the jobs
home-browse-directory = Find a co-op
home-partners = Partner networks
home-no-partners = No partner network yet.
home-federation-status = How the federation is doing
home-latest-jobs = Latest job offers
home-all-jobs = All job offers
home-latest-news = Latest news and events
home-all-news = All news and events
home-follow = Follow from the fediverse
home-follow-how = Search for one of these addresses from your Mastodon, Lemmy or Mobilizon account and follow it.
home-follow-network = Everything the network publishes
home-follow-jobs = Job offers
home-follow-news = News and events
home-follow-apps = Lemmy shows the streams as communities; Mobilizon shows the events in its calendar.

## Errors
error-home = Go to the home page
error-400-title = Something in the request is not right
error-400-text = Check the address or the form and try again.
error-401-title = Please log in
error-401-text = This page is for members who are logged in.
error-403-title = Not allowed
error-403-text = Your account may not open this page.
error-404-title = Page not found
error-404-text = There is nothing at this address.
error-410-title = Gone
error-410-text = This was withdrawn by whoever published it.
error-429-title = Too many requests
error-429-text = Please wait a moment and try again.
error-500-title = Something went wrong
error-500-text = The server could not answer. Please try again later.

## Accounts
login-title = Log in
login-username = User name
login-password = Password
login-submit = Log in
login-wrong = Wrong user name or password.
login-too-many = { $minutes ->
    [one] Too many failed attempts. Try again in a minute.
   *[other] Too many failed attempts. Try again in { $minutes } minutes.
}
login-link-title = Log in with a one-time link
login-link-text = This link works once and expires 24 hours after it was made.
login-link-invalid-title = This link is not valid
login-link-invalid-text = It was used already, has expired, or was mistyped. An admin can make a new one on the server with:
account-title = Your account
account-logged-in-as = Logged in as { $name } ({ $role }).
account-change-password = Change your password
account-set-password = Set a password (you have none yet)
account-current-password = Current password
account-new-password = New password (at least { $min } characters)
account-save-password = Save the password
account-logout = Log out
account-password-saved = Password saved. Sessions ended elsewhere: { $sessions }; API tokens revoked: { $tokens }.
account-current-password-wrong = The current password is missing or not right.
account-password-length = The new password must have at least { $min } characters.
role-admin = admin
role-editor = editor

## Countries
country-at = Austria
country-be = Belgium
country-ch = Switzerland
country-cz = Czechia
country-de = Germany
country-dk = Denmark
country-es = Spain
country-fi = Finland
country-fr = France
country-gb = United Kingdom
country-gr = Greece
country-ie = Ireland
country-it = Italy
country-lu = Luxembourg
country-nl = Netherlands
country-no = Norway
country-pl = Poland
country-pt = Portugal
country-se = Sweden

## Co-op console
nav-console = Console
console-title = Co-op console
console-pick = Choose the co-op to manage:
console-coop-title = Console of { $name }
console-new-job = Post a job offer
console-new-news = Post news or an event
console-edit-profile = Edit the profile
console-public-page = See the public page
console-open-jobs = Open job offers
console-to-all = published to all partner networks
console-not-delivered = Not delivered anywhere yet.
console-delivered-to = Delivered to:
console-edit = Edit
console-edit-job = Edit the job offer
console-close-job = Close the offer
delivery-pending = waiting
delivery-delivered = delivered
delivery-failed = failed
form-save = Save and publish
form-has-errors = Some fields need a change; see the messages beside them.
job-form-title = Title
job-form-summary = Summary (one line)
job-form-description = Description (Markdown)
job-form-lang = Language of the text
job-form-city = City
job-form-country = Country
job-form-country-hint = Two letters, like GB, DE, NL or FR.
job-form-remote = Remote work is possible
job-form-salary-min = From
job-form-salary-max = To
job-form-currency = Currency
job-form-currency-hint = Three letters, like EUR or GBP.
job-form-period = Per
job-form-skills-hint = Separated by commas, in any language (like Rust, Barrierefreiheit).
job-form-languages-hint = Two-letter codes separated by commas, like en, de.
job-form-apply-url = Application page
job-form-apply-email = Application e-mail
job-form-publish-to-all = Publish to every partner network
job-form-translation = Text in { $language }
period-hour = hour
period-day = day
period-week = week
period-month = month
period-year = year
news-form-content = Text
news-form-event = For an event
news-form-timezone = Time zone
news-form-timezone-hint = Of the place, like Europe/Berlin.
news-form-online-url = Online link
profile-name = Name
profile-main-language = Main language of the description
profile-description = Description in { $language }
profile-list-hint = Separated by commas.
profile-logo = Logo (address of an image)
profile-coordinates = Coordinates
profile-latitude = Latitude
profile-longitude = Longitude
language-en = English
language-de = German
language-nl = Dutch
language-fr = French

## What is wrong with a field of a form
problem-required = This field is required.
problem-not-text = Enter text here.
problem-empty = This field must not be empty.
problem-too-long = Too long: at most { $max } characters.
problem-too-short = Too short: at least { $min } characters.
problem-forbidden-characters = Contains control or text-direction characters.
problem-not-list = Must be a list.
problem-too-many = Too many entries: at most { $max }.
problem-entry-too-long = An entry is too long (at most { $max } characters) or holds control characters.
problem-not-text-list = Must be a list of texts.
problem-between = Must be between { $min } and { $max }.
problem-not-whole-number = Enter a whole number.
problem-at-least = Must be at least { $min }.
problem-not-number = Enter a number.
problem-not-true-or-false = Must be yes or no.
problem-not-mapping = Has the wrong form.
problem-not-http-url = Enter an address that starts with http:// or https://.
problem-not-url = This is not a valid web address.
problem-not-email = This is not a valid e-mail address.
problem-not-date = “{ $value }” is not a date (YYYY-MM-DD).
problem-not-date-time = “{ $value }” is not a date and time.
problem-not-language = “{ $value }” is not a language code (ISO 639-1, like “en”).
problem-not-country = “{ $value }” is not a country code (ISO 3166-1, like “GB”).
problem-not-currency = “{ $value }” is not a currency code (ISO 4217, like “EUR”).
problem-not-time-zone = Enter a time zone like Europe/London.
problem-not-one-of = “{ $value }” is not one of: { $allowed }.
problem-unknown-skills = Unknown skill: { $value }.
problem-unknown-sector = Unknown sector: { $value }.
problem-unknown-member = There is no member co-op “{ $value }”.
problem-bad-slug = Use only lower-case letters a–z, digits and single hyphens between them (like tech-coop-1).
problem-bad-username = Use only letters a–z, digits, _, - and ., starting with a letter or digit.
problem-reserved = This name is reserved.
problem-bad-domain = This is not a host name (like coops.example).
problem-main-language = “{ $value }” is already the main language.
problem-translation-not-mapping = The “{ $value }” translation must give a title, summary or description.
problem-not-translated-field = Only the title, summary and description are translated.
problem-translation-empty = The “{ $value }” translation gives no text.
problem-min-above-max = The minimum must not be more than the maximum.
problem-location-required = Say where: remote, or a city and a country.
problem-location-shape = Must be remote, or a city and a country.
problem-expires-before-posted = The closing date must not be before the posting date.
problem-apply-missing = Give an application link or an e-mail address.
problem-end-not-after-start = The end must be after the start.
problem-event-needs-times = An event needs a start and an end.
problem-event-needs-time-zone = An event needs the time zone of its place.
problem-event-needs-place = An event needs a place or an online link.
problem-coordinates = Coordinates need a latitude (−90 to 90) and a longitude (−180 to 180).
problem-social-links = Each link must start with http:// or https://.
problem-wrong-password = This is not your current password.
problem-current-password-needed = Enter your current password to change it.
problem-within = { $part }: { $detail }

## The admin console
nav-admin = Admin
admin-title = Running the network
admin-coops = Co-op consoles
admin-coops-text = Edit any member co-op's profile, offers and news.
admin-audit-text = Who changed what and when, on this instance.
admin-federation-text = Partner networks, deliveries waiting or failing.
audit-title = Audit log
audit-lede = Every change by a person or the command line, newest first. Times are in UTC.
audit-filter-label = Filter the audit log
audit-caption = Changes
audit-at = When
audit-actor = Who (user name, cli or system)
audit-action = Action (like member or member.update)
audit-target = Target contains
audit-since = Since (YYYY-MM-DD)
audit-details = Details
audit-none = No entries match.
audit-col-actor = Who
audit-col-action = Action
audit-col-target = Target
admin-domains-text = Block servers that misbehave, or limit federation to the ones you allow.
domains-title = Blocked and allowed domains
domains-lede = A blocked domain and its subdomains can send nothing here and are sent nothing; the co-ops, offers and news of its networks are hidden on this instance. Once any domain is allowed, only allowed domains federate.
domains-domain = Domain (like spam.example)
domains-kind = Rule
domains-kind-block = Block
domains-kind-allow = Allow
domains-reason = Reason (for the other admins)
domains-save = Save the rule
domains-none = No domain is blocked or allowed here.
domains-caption = Rules made here or on the command line
domains-remove = Remove
domains-remove-label = Remove the rule of { $domain }
domains-configured = Blocked in the configuration file
admin-reports-text = Reports from other servers about offers, news and co-ops shown here.
reports-title = Reports
reports-lede = Other servers report offers, news, co-ops or accounts. Each report shows the reported items as this instance held them when it arrived.
reports-which = Which reports
reports-open = Waiting
reports-resolved = Resolved
reports-none = No reports here.
reports-by = Reported by { $reporter }
reports-text = The text
reports-dismiss = Dismiss
reports-take-down = Take down here
reports-block-domain = Block their domain
reports-resolution-dismissed = Dismissed
reports-resolution-taken-down = Taken down here
reports-resolution-domain-blocked = Domain blocked
reports-kind-job = Job offer
reports-kind-news = News
reports-kind-event = Event
reports-kind-coop = Co-op
reports-kind-actor = Account
reports-kind-unknown = Not held here
reports-send-title = Report to another server
reports-send-text = Report an account, offer or post of another server to its moderators: this instance sends them the report, as Mastodon does.
reports-send-targets = What to report: ids (addresses), one per line, all on one server
reports-send-comment = What is wrong (for their moderators)
reports-send = Send the report
reports-resolution-sent = Sent to its server
admin-reports = { $count ->
    [0] Reports
   *[other] Reports ({ $count } waiting)
}
admin-policies-text = Whether other networks become partners at once, and whose jobs the groups take.
policies-title = Partner policies
policies-lede = How this instance answers other networks. A change holds at once.
policies-partner = When another network asks to become a partner
policies-partner-auto = Accept at once
policies-partner-review = Keep the request until an admin accepts or rejects it
policies-group = Whose job offers the jobs group takes
policies-group-partners = Co-ops of partner networks
policies-group-anyone = Anyone
policies-save = Save
