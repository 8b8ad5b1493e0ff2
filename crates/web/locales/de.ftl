# Die Oberfläche von coopfed auf Deutsch.

## Daten und Zeitpunkte
date-long = { $day }. { $month } { $year }
moment = { $date }, { $time } Uhr ({ $zone })
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember

## Rahmen
skip-to-content = Zum Inhalt springen
nav-label = Hauptmenü
nav-jobs = Stellen
nav-directory = Verzeichnis
nav-news = Neuigkeiten und Termine
nav-federation = Föderation
nav-login = Anmelden
nav-account = Konto ({ $name })
language-switcher = Sprache
footer-about = Ein Netzwerk von Tech-Kollektiven und -Genossenschaften, über ActivityPub mit seinen Partnern verbunden.
footer-api = API
feed-jobs = Stellenangebote (Atom)
feed-news = Neuigkeiten (Atom)
feed-events = Termine (iCalendar)
handle-copy = Adresse markieren, um sie zu kopieren
pager-label = Weitere Ergebnisse
pager-next = Nächste Seite →

## Filter
filter-any = Alle
filter-words = Suchbegriffe
filter-skill = Fähigkeit (in jeder Sprache)
filter-network = Netzwerk
filter-country = Land (Kürzel, z. B. DE)
filter-remote = Remote
filter-remote-yes = Nur remote
filter-remote-no = Nur vor Ort
filter-employment = Art der Arbeit
filter-language = Sprache
filter-salary = Bezahlt mindestens
filter-posted-since = Veröffentlicht seit (JJJJ-MM-TT)
filter-service = Dienstleistung
filter-technology = Technologie
filter-size-min = Mindestens … Personen
filter-size-max = Höchstens … Personen
filter-kind = Art
filter-apply = Suchen
filter-reset = Filter zurücksetzen
filter-more = Weitere Filter
invalid-q = Nach diesen Wörtern kann nicht gesucht werden.
invalid-skill = Keine Fähigkeit heißt so. Versuche ein anderes Wort oder eine Bezeichnung in einer anderen Sprache.
invalid-country = Gib ein Länderkürzel aus zwei Buchstaben an, z. B. DE oder NL.
invalid-language = Gib ein Sprachkürzel aus zwei Buchstaben an, z. B. de.
invalid-salary-min = Gib einen Betrag als Zahl an, z. B. 40000.
invalid-posted-since = Gib ein Datum als JJJJ-MM-TT an, z. B. 2026-11-01.
invalid-remote = Wähle remote oder vor Ort.
invalid-employment-type = Wähle eine Art der Arbeit aus der Liste.
invalid-kind = Wähle Neuigkeit oder Termin.
invalid-after = Diese Ergebnisseite gibt es nicht mehr; beginne von vorn.
invalid-size-min = Gib eine ganze Zahl von Personen an.
invalid-size-max = Gib eine ganze Zahl von Personen an.

## Stellenbörse
jobs-title = Stellen in Tech-Kollektiven
jobs-lede = Offene Stellen der Kollektive aller Partnernetzwerke, die neuesten zuerst.
jobs-filter-label = Stellenangebote filtern
jobs-results = Angebote
jobs-none = Kein offenes Angebot passt.
employment-full_time = Vollzeit
employment-part_time = Teilzeit
employment-contract = Befristet
employment-freelance = Freiberuflich
employment-volunteer = Ehrenamtlich
employment-internship = Praktikum
job-remote = remote
job-posted = Veröffentlicht am { $date }
job-carried-by = verbreitet von { $networks }
salary-amount = { $amount } { $currency }
salary-per-hour = { $amount } { $currency } pro Stunde
salary-per-day = { $amount } { $currency } pro Tag
salary-per-week = { $amount } { $currency } pro Woche
salary-per-month = { $amount } { $currency } pro Monat
salary-per-year = { $amount } { $currency } pro Jahr

## Stellenseite
job-expired = Dieses Angebot ist abgelaufen.
job-place = Ort
job-salary = Gehalt
job-posted-on = Veröffentlicht
job-valid-through = Offen bis
job-languages = Sprachen
job-apply = So bewirbst du dich
job-apply-link = Auf der Seite des Kollektivs bewerben
job-apply-email = Oder schreibe an
job-apply-write = Schreibe an
job-skills = Fähigkeiten
job-where-published = Veröffentlicht in
job-fediverse-address = Adresse im Fediverse (in Mastodon oder Lemmy suchen)
job-matching-coops = Kollektive in der Föderation mit diesen Fähigkeiten
job-matching-coops-lede = Danach geordnet, wie viele Fähigkeiten des Angebots sie nennen.
job-matching-skills = { $count ->
    [one] eine passende Fähigkeit
   *[other] { $count } passende Fähigkeiten
}

## Verzeichnis
directory-title = Verzeichnis der Tech-Kollektive
directory-lede = Wer macht was, in allen Partnernetzwerken.
directory-filter-label = Kollektive filtern
directory-results = Kollektive
directory-none = Kein Kollektiv passt.
coop-size-people = { $count ->
    [one] eine Person
   *[other] { $count } Personen
}
coop-place = Ort
coop-size = Größe
coop-legal-form = Rechtsform
coop-founded = Gegründet
coop-joined = Mitglied seit
coop-languages = Sprachen
coop-services = Dienstleistungen
coop-technologies = Technologien
coop-sectors = Branchen
coop-website = Website
coop-contact = Kontakt
coop-links = Anderswo
coop-skills = Fähigkeiten
coop-jobs = Offene Stellen
coop-no-jobs = Keine offene Stelle.
coop-news = Neuigkeiten und Termine
coop-no-news = Noch nichts veröffentlicht.
actor-kind-coop = Mitgliedskollektiv
actor-kind-network = Netzwerk von Tech-Kollektiven
actor-kind-group = Kanal des Netzwerks
actor-kind-instance = Server des Netzwerks
actor-kind-person = Konto
follow-handle = Im Fediverse folgen
follow-how = Suche diese Adresse in Mastodon, Lemmy, Mobilizon oder auf einem anderen Fediverse-Server und folge ihr.

## Neuigkeiten und Termine
news-title = Neuigkeiten und Termine
news-lede = Was die Netzwerke und ihre Kollektive ankündigen.
news-filter-label = Neuigkeiten und Termine filtern
news-results = Ankündigungen
news-none = Nichts passt.
kind-news = Neuigkeit
kind-event = Termin
category-gathering = Treffen
category-tender = Ausschreibung
category-funding = Förderung
category-workshop = Workshop
category-meetup = Meetup
category-conference = Konferenz
category-webinar = Webinar
event-starts = Beginn
event-ends = Ende
event-place = Ort
event-online = Online
event-registration = Anmeldung
event-add-to-calendar = Zum Kalender hinzufügen

## Föderation
federation-title = Die Föderation
federation-lede = Die Netzwerke, die dieses kennt, seine Partner und wie die Zustellung an sie läuft.
federation-table-caption = Netzwerke von Tech-Kollektiven
federation-network = Netzwerk
federation-relation = Beziehung
federation-coops = Kollektive
federation-last-contact = Zuletzt erreicht
federation-deliveries = Zustellungen
federation-follow = Adresse
federation-this-network = Dieses Netzwerk
federation-partner = Partner
federation-known = Bekannt
federation-never = Noch nicht
federation-unreachable-since = Nicht erreichbar seit { $date }
federation-waiting-failing = { $pending } wartend, { $failed } gescheitert
count-coops = { $count ->
    [one] ein Kollektiv
   *[other] { $count } Kollektive
}

## Startseite
home-what = Finde Arbeit in einem Kollektiv oder ein Kollektiv zur Zusammenarbeit: Stellen, Mitgliedskollektive und Neuigkeiten aller Partnernetzwerke an einem Ort.
home-browse-jobs = Stellen ansehen
home-browse-directory = Kollektiv finden
home-partners = Partnernetzwerke
home-no-partners = Noch kein Partnernetzwerk.
home-federation-status = Wie es der Föderation geht
home-latest-jobs = Neueste Stellen
home-all-jobs = Alle Stellen
home-latest-news = Neueste Neuigkeiten und Termine
home-all-news = Alle Neuigkeiten und Termine
home-follow = Im Fediverse folgen
home-follow-how = Suche eine dieser Adressen mit deinem Konto bei Mastodon, Lemmy oder Mobilizon und folge ihr.
home-follow-network = Alles, was das Netzwerk veröffentlicht
home-follow-jobs = Stellenangebote
home-follow-news = Neuigkeiten und Termine
home-follow-apps = Lemmy zeigt die Kanäle als Communities; Mobilizon zeigt die Termine in seinem Kalender.

## Fehler
error-home = Zur Startseite
error-400-title = Etwas an der Anfrage stimmt nicht
error-400-text = Prüfe die Adresse oder das Formular und versuche es noch einmal.
error-401-title = Bitte anmelden
error-401-text = Diese Seite ist für angemeldete Mitglieder.
error-403-title = Nicht erlaubt
error-403-text = Dein Konto darf diese Seite nicht öffnen.
error-404-title = Seite nicht gefunden
error-404-text = Unter dieser Adresse gibt es nichts.
error-410-title = Entfernt
error-410-text = Wer es veröffentlicht hat, hat es zurückgezogen.
error-429-title = Zu viele Anfragen
error-429-text = Bitte warte einen Moment und versuche es dann noch einmal.
error-500-title = Etwas ist schiefgegangen
error-500-text = Der Server konnte nicht antworten. Bitte versuche es später noch einmal.

## Konten
login-title = Anmelden
login-username = Benutzername
login-password = Passwort
login-submit = Anmelden
login-wrong = Benutzername oder Passwort falsch.
login-too-many = { $minutes ->
    [one] Zu viele Fehlversuche. Versuche es in einer Minute noch einmal.
   *[other] Zu viele Fehlversuche. Versuche es in { $minutes } Minuten noch einmal.
}
login-link-title = Mit einem Einmal-Link anmelden
login-link-text = Dieser Link funktioniert einmal und läuft 24 Stunden nach seiner Erstellung ab.
login-link-invalid-title = Dieser Link ist nicht gültig
login-link-invalid-text = Er wurde schon benutzt, ist abgelaufen oder falsch abgetippt. Ein Admin kann auf dem Server einen neuen erstellen mit:
account-title = Dein Konto
account-logged-in-as = Angemeldet als { $name } ({ $role }).
account-change-password = Passwort ändern
account-set-password = Passwort festlegen (du hast noch keins)
account-current-password = Aktuelles Passwort
account-new-password = Neues Passwort (mindestens { $min } Zeichen)
account-save-password = Passwort speichern
account-logout = Abmelden
account-password-saved = Passwort gespeichert. Anderswo beendete Sitzungen: { $sessions }; widerrufene API-Tokens: { $tokens }.
account-current-password-wrong = Das aktuelle Passwort fehlt oder ist falsch.
account-password-length = Das neue Passwort muss mindestens { $min } Zeichen haben.
role-admin = Admin
role-editor = Redaktion

## Länder
country-at = Österreich
country-be = Belgien
country-ch = Schweiz
country-cz = Tschechien
country-de = Deutschland
country-dk = Dänemark
country-es = Spanien
country-fi = Finnland
country-fr = Frankreich
country-gb = Vereinigtes Königreich
country-gr = Griechenland
country-ie = Irland
country-it = Italien
country-lu = Luxemburg
country-nl = Niederlande
country-no = Norwegen
country-pl = Polen
country-pt = Portugal
country-se = Schweden

## Konsole des Kollektivs
nav-console = Konsole
console-title = Konsole des Kollektivs
console-pick = Wähle das Kollektiv, das du verwalten willst:
console-coop-title = Konsole von { $name }
console-new-job = Stellenangebot veröffentlichen
console-new-news = Neuigkeit oder Termin veröffentlichen
console-edit-profile = Profil bearbeiten
console-public-page = Öffentliche Seite ansehen
console-open-jobs = Offene Stellenangebote
console-to-all = an alle Partnernetzwerke veröffentlicht
console-not-delivered = Noch nirgends zugestellt.
console-delivered-to = Zugestellt an:
console-edit = Bearbeiten
console-edit-job = Stellenangebot bearbeiten
console-close-job = Angebot schließen
delivery-pending = wartet
delivery-delivered = zugestellt
delivery-failed = gescheitert
form-save = Speichern und veröffentlichen
form-has-errors = Einige Felder müssen geändert werden; siehe die Hinweise daneben.
job-form-title = Titel
job-form-summary = Zusammenfassung (eine Zeile)
job-form-description = Beschreibung (Markdown)
job-form-lang = Sprache des Textes
job-form-city = Stadt
job-form-country = Land
job-form-country-hint = Zwei Buchstaben, z. B. DE, GB, NL oder FR.
job-form-remote = Remote-Arbeit ist möglich
job-form-salary-min = Von
job-form-salary-max = Bis
job-form-currency = Währung
job-form-currency-hint = Drei Buchstaben, z. B. EUR oder GBP.
job-form-period = Pro
job-form-skills-hint = Durch Kommas getrennt, in jeder Sprache (z. B. Rust, Barrierefreiheit).
job-form-languages-hint = Kürzel aus zwei Buchstaben, durch Kommas getrennt, z. B. de, en.
job-form-apply-url = Bewerbungsseite
job-form-apply-email = E-Mail für Bewerbungen
job-form-publish-to-all = An alle Partnernetzwerke veröffentlichen
job-form-translation = Text auf { $language }
period-hour = Stunde
period-day = Tag
period-week = Woche
period-month = Monat
period-year = Jahr
news-form-content = Text
news-form-event = Für einen Termin
news-form-timezone = Zeitzone
news-form-timezone-hint = Des Ortes, z. B. Europe/Berlin.
news-form-online-url = Online-Link
profile-name = Name
profile-main-language = Hauptsprache der Beschreibung
profile-description = Beschreibung auf { $language }
profile-list-hint = Durch Kommas getrennt.
profile-logo = Logo (Adresse eines Bildes)
profile-coordinates = Koordinaten
profile-latitude = Breitengrad
profile-longitude = Längengrad
language-en = Englisch
language-de = Deutsch
language-nl = Niederländisch
language-fr = Französisch

## What is wrong with a field of a form
problem-required = Dieses Feld ist erforderlich.
problem-not-text = Bitte hier Text eingeben.
problem-empty = Dieses Feld darf nicht leer sein.
problem-too-long = Zu lang: höchstens { $max } Zeichen.
problem-too-short = Zu kurz: mindestens { $min } Zeichen.
problem-forbidden-characters = Enthält Steuer- oder Textrichtungszeichen.
problem-not-list = Muss eine Liste sein.
problem-too-many = Zu viele Einträge: höchstens { $max }.
problem-entry-too-long = Ein Eintrag ist zu lang (höchstens { $max } Zeichen) oder enthält Steuerzeichen.
problem-not-text-list = Muss eine Liste von Texten sein.
problem-between = Muss zwischen { $min } und { $max } liegen.
problem-not-whole-number = Bitte eine ganze Zahl eingeben.
problem-at-least = Muss mindestens { $min } sein.
problem-not-number = Bitte eine Zahl eingeben.
problem-not-true-or-false = Muss ja oder nein sein.
problem-not-mapping = Hat die falsche Form.
problem-not-http-url = Bitte eine Adresse eingeben, die mit http:// oder https:// beginnt.
problem-not-url = Das ist keine gültige Webadresse.
problem-not-email = Das ist keine gültige E-Mail-Adresse.
problem-not-date = „{ $value }“ ist kein Datum (JJJJ-MM-TT).
problem-not-date-time = „{ $value }“ ist kein Datum mit Uhrzeit.
problem-not-language = „{ $value }“ ist kein Sprachcode (ISO 639-1, z. B. „de“).
problem-not-country = „{ $value }“ ist kein Ländercode (ISO 3166-1, z. B. „DE“).
problem-not-currency = „{ $value }“ ist kein Währungscode (ISO 4217, z. B. „EUR“).
problem-not-time-zone = Bitte eine Zeitzone wie Europe/Berlin eingeben.
problem-not-one-of = „{ $value }“ ist keiner der Werte { $allowed }.
problem-unknown-skills = Unbekannte Fähigkeit: { $value }.
problem-unknown-sector = Unbekannte Branche: { $value }.
problem-unknown-member = Es gibt keine Mitgliedsgenossenschaft „{ $value }“.
problem-bad-slug = Nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche dazwischen (z. B. tech-coop-1).
problem-bad-username = Nur Buchstaben a–z, Ziffern, _, - und ., am Anfang ein Buchstabe oder eine Ziffer.
problem-reserved = Dieser Name ist reserviert.
problem-bad-domain = Das ist kein Hostname (z. B. coops.example).
problem-main-language = „{ $value }“ ist schon die Hauptsprache.
problem-translation-not-mapping = Die Übersetzung „{ $value }“ muss Titel, Zusammenfassung oder Beschreibung enthalten.
problem-not-translated-field = Übersetzt werden nur Titel, Zusammenfassung und Beschreibung.
problem-translation-empty = Die Übersetzung „{ $value }“ enthält keinen Text.
problem-min-above-max = Das Minimum darf nicht größer als das Maximum sein.
problem-location-required = Gib den Ort an: remote oder Stadt und Land.
problem-location-shape = Muss remote sein oder Stadt und Land nennen.
problem-expires-before-posted = Das Ablaufdatum darf nicht vor dem Veröffentlichungsdatum liegen.
problem-apply-missing = Gib einen Bewerbungslink oder eine E-Mail-Adresse an.
problem-end-not-after-start = Das Ende muss nach dem Beginn liegen.
problem-event-needs-times = Eine Veranstaltung braucht Beginn und Ende.
problem-event-needs-time-zone = Eine Veranstaltung braucht die Zeitzone ihres Ortes.
problem-event-needs-place = Eine Veranstaltung braucht einen Ort oder einen Online-Link.
problem-coordinates = Koordinaten brauchen eine Breite (−90 bis 90) und eine Länge (−180 bis 180).
problem-social-links = Jeder Link muss mit http:// oder https:// beginnen.
problem-wrong-password = Das ist nicht dein aktuelles Passwort.
problem-current-password-needed = Gib dein aktuelles Passwort ein, um es zu ändern.
problem-within = { $part }: { $detail }

## The admin console
nav-admin = Verwaltung
admin-title = Das Netzwerk verwalten
admin-coops = Konsolen der Kollektive
admin-coops-text = Profil, Stellen und Neuigkeiten jedes Mitgliedskollektivs bearbeiten.
admin-audit-text = Wer hat auf dieser Instanz was wann geändert.
admin-federation-text = Partnernetzwerke, wartende oder fehlgeschlagene Zustellungen.
audit-title = Änderungsprotokoll
audit-lede = Jede Änderung durch eine Person oder die Kommandozeile, die neueste zuerst. Zeiten in UTC.
audit-filter-label = Änderungsprotokoll filtern
audit-caption = Änderungen
audit-at = Wann
audit-actor = Wer (Benutzername, cli oder system)
audit-action = Aktion (z. B. member oder member.update)
audit-target = Ziel enthält
audit-since = Seit (JJJJ-MM-TT)
audit-details = Einzelheiten
audit-none = Keine Einträge gefunden.
audit-col-actor = Wer
audit-col-action = Aktion
audit-col-target = Ziel
admin-domains-text = Server sperren, die sich danebenbenehmen, oder die Föderation auf erlaubte beschränken.
domains-title = Gesperrte und erlaubte Domains
domains-lede = Eine gesperrte Domain und ihre Subdomains können hierher nichts senden und bekommen nichts; Kollektive, Stellen und Neuigkeiten ihrer Netzwerke sind auf dieser Instanz verborgen. Sobald eine Domain erlaubt ist, föderieren nur noch erlaubte Domains.
domains-domain = Domain (z. B. spam.example)
domains-kind = Regel
domains-kind-block = Sperren
domains-kind-allow = Erlauben
domains-reason = Grund (für die anderen Admins)
domains-save = Regel speichern
domains-none = Hier ist keine Domain gesperrt oder erlaubt.
domains-caption = Regeln von hier oder der Kommandozeile
domains-remove = Entfernen
domains-remove-label = Regel für { $domain } entfernen
domains-configured = In der Konfigurationsdatei gesperrt
admin-reports-text = Meldungen anderer Server über Stellen, Neuigkeiten und Kollektive, die hier erscheinen.
reports-title = Meldungen
reports-lede = Andere Server melden Stellen, Neuigkeiten, Kollektive oder Konten. Jede Meldung zeigt die gemeldeten Inhalte so, wie diese Instanz sie bei ihrem Eingang hatte.
reports-which = Welche Meldungen
reports-open = Offen
reports-resolved = Erledigt
reports-none = Keine Meldungen.
reports-by = Gemeldet von { $reporter }
reports-text = Der Text
reports-dismiss = Verwerfen
reports-take-down = Hier entfernen
reports-block-domain = Ihre Domain sperren
reports-resolution-dismissed = Verworfen
reports-resolution-taken-down = Hier entfernt
reports-resolution-domain-blocked = Domain gesperrt
reports-kind-job = Stelle
reports-kind-news = Neuigkeit
reports-kind-event = Termin
reports-kind-coop = Kollektiv
reports-kind-actor = Konto
reports-kind-unknown = Hier nicht vorhanden
reports-send-title = An einen anderen Server melden
reports-send-text = Ein Konto, eine Stelle oder einen Beitrag eines anderen Servers an dessen Moderation melden: Diese Instanz schickt die Meldung, wie Mastodon.
reports-send-targets = Was gemeldet wird: IDs (Adressen), eine pro Zeile, alle auf einem Server
reports-send-comment = Was nicht stimmt (für deren Moderation)
reports-send = Meldung senden
reports-resolution-sent = An den Server gesendet
admin-reports = { $count ->
    [0] Meldungen
   *[other] Meldungen ({ $count } offen)
}
admin-policies-text = Ob andere Netzwerke sofort Partner werden und wessen Stellen die Gruppen übernehmen.
policies-title = Partnerregeln
policies-lede = Wie diese Instanz anderen Netzwerken antwortet. Eine Änderung gilt sofort.
policies-partner = Wenn ein anderes Netzwerk Partner werden möchte
policies-partner-auto = Sofort annehmen
policies-partner-review = Die Anfrage halten, bis ein Admin annimmt oder ablehnt
policies-group = Wessen Stellen die Stellengruppe übernimmt
policies-group-partners = Kollektive der Partnernetzwerke
policies-group-anyone = Alle
policies-save = Speichern
