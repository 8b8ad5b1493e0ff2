# De interface van coopfed in het Nederlands.

## Datums en tijdstippen
date-long = { $day } { $month } { $year }
moment = { $date }, { $time } ({ $zone })
month-1 = januari
month-2 = februari
month-3 = maart
month-4 = april
month-5 = mei
month-6 = juni
month-7 = juli
month-8 = augustus
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

## Opmaak
skip-to-content = Naar de inhoud
nav-label = Hoofdmenu
nav-jobs = Vacatures
nav-directory = Gids
nav-news = Nieuws en evenementen
nav-federation = Federatie
nav-login = Inloggen
nav-account = Account ({ $name })
language-switcher = Taal
footer-about = Een netwerk van tech-coöperaties van werkenden, via ActivityPub verbonden met zijn partners.
footer-api = API
feed-jobs = Vacatures (Atom)
feed-news = Nieuws (Atom)
feed-events = Evenementen (iCalendar)
handle-copy = Selecteer het adres om het te kopiëren
pager-label = Meer resultaten
pager-next = Volgende pagina →

## Filters
filter-any = Alle
filter-words = Woorden
filter-skill = Vaardigheid (in elke taal)
filter-network = Netwerk
filter-country = Land (code, zoals NL)
filter-remote = Op afstand
filter-remote-yes = Alleen op afstand
filter-remote-no = Alleen op locatie
filter-employment = Soort werk
filter-language = Taal
filter-salary = Betaalt minstens
filter-posted-since = Geplaatst sinds (JJJJ-MM-DD)
filter-service = Dienst
filter-technology = Technologie
filter-size-min = Minstens … mensen
filter-size-max = Hoogstens … mensen
filter-kind = Soort
filter-apply = Zoeken
filter-reset = Filters wissen
filter-more = Meer filters
invalid-q = Op deze woorden kan niet gezocht worden.
invalid-skill = Geen vaardigheid heet zo. Probeer een ander woord of een naam in een andere taal.
invalid-country = Geef een landcode van twee letters, zoals NL of BE.
invalid-language = Geef een taalcode van twee letters, zoals nl.
invalid-salary-min = Geef een bedrag als getal, zoals 40000.
invalid-posted-since = Geef een datum als JJJJ-MM-DD, zoals 2026-11-01.
invalid-remote = Kies op afstand of op locatie.
invalid-employment-type = Kies een soort werk uit de lijst.
invalid-kind = Kies nieuws of evenement.
invalid-after = Deze pagina met resultaten bestaat niet meer; begin opnieuw.
invalid-size-min = Geef een heel aantal mensen.
invalid-size-max = Geef een heel aantal mensen.

## Vacaturebank
jobs-title = Vacatures bij tech-coöperaties
jobs-lede = Open vacatures van de coöperaties van alle partnernetwerken, nieuwste eerst.
jobs-filter-label = Vacatures filteren
jobs-results = Vacatures
jobs-none = Geen open vacature past.
employment-full_time = Voltijd
employment-part_time = Deeltijd
employment-contract = Tijdelijk contract
employment-freelance = Freelance
employment-volunteer = Vrijwilligerswerk
employment-internship = Stage
job-remote = op afstand
job-posted = Geplaatst op { $date }
job-carried-by = gedeeld door { $networks }
salary-amount = { $amount } { $currency }
salary-per-hour = { $amount } { $currency } per uur
salary-per-day = { $amount } { $currency } per dag
salary-per-week = { $amount } { $currency } per week
salary-per-month = { $amount } { $currency } per maand
salary-per-year = { $amount } { $currency } per jaar

## Vacaturepagina
job-expired = Deze vacature is verlopen.
job-place = Plaats
job-salary = Salaris
job-posted-on = Geplaatst
job-valid-through = Open tot
job-languages = Talen
job-apply = Zo solliciteer je
job-apply-link = Solliciteer op de site van de coöperatie
job-apply-email = Of schrijf naar
job-apply-write = Schrijf naar
job-skills = Vaardigheden
job-where-published = Gepubliceerd in
job-fediverse-address = Adres in de fediverse (zoek het op in Mastodon of Lemmy)
job-matching-coops = Coöperaties in de federatie met deze vaardigheden
job-matching-coops-lede = Gerangschikt naar hoeveel vaardigheden van de vacature ze noemen.
job-matching-skills = { $count ->
    [one] één passende vaardigheid
   *[other] { $count } passende vaardigheden
}

## Gids
directory-title = Gids van tech-coöperaties
directory-lede = Wie doet wat, in alle partnernetwerken.
directory-filter-label = Coöperaties filteren
directory-results = Coöperaties
directory-none = Geen coöperatie past.
coop-size-people = { $count ->
    [one] één persoon
   *[other] { $count } mensen
}
coop-place = Plaats
coop-size = Omvang
coop-legal-form = Rechtsvorm
coop-founded = Opgericht
coop-joined = Lid sinds
coop-languages = Talen
coop-services = Diensten
coop-technologies = Technologieën
coop-sectors = Sectoren
coop-website = Website
coop-contact = Contact
coop-links = Elders
coop-skills = Vaardigheden
coop-jobs = Open vacatures
coop-no-jobs = Geen open vacature.
coop-news = Nieuws en evenementen
coop-no-news = Nog niets gepubliceerd.
actor-kind-coop = Lid-coöperatie
actor-kind-network = Netwerk van tech-coöperaties
actor-kind-group = Kanaal van het netwerk
actor-kind-instance = Server van het netwerk
actor-kind-person = Account
follow-handle = Volgen vanuit de fediverse
follow-how = Zoek dit adres op vanuit Mastodon, Lemmy, Mobilizon of een andere fediverse-server en volg het.

## Nieuws en evenementen
news-title = Nieuws en evenementen
news-lede = Wat de netwerken en hun coöperaties aankondigen.
news-filter-label = Nieuws en evenementen filteren
news-results = Aankondigingen
news-none = Niets past.
kind-news = Nieuws
kind-event = Evenement
category-gathering = Bijeenkomst
category-tender = Aanbesteding
category-funding = Financiering
category-workshop = Workshop
category-meetup = Meetup
category-conference = Conferentie
category-webinar = Webinar
event-starts = Begint
event-ends = Eindigt
event-place = Plaats
event-online = Online
event-registration = Aanmelden
event-add-to-calendar = Aan mijn agenda toevoegen

## Federatie
federation-title = De federatie
federation-lede = De netwerken die dit netwerk kent, zijn partners, en hoe de bezorging aan hen verloopt.
federation-table-caption = Netwerken van tech-coöperaties
federation-network = Netwerk
federation-relation = Relatie
federation-coops = Coöperaties
federation-last-contact = Laatst bereikt
federation-deliveries = Bezorgingen
federation-follow = Adres
federation-this-network = Dit netwerk
federation-partner = Partner
federation-known = Bekend
federation-never = Nog niet
federation-unreachable-since = Onbereikbaar sinds { $date }
federation-waiting-failing = { $pending } wachtend, { $failed } mislukt
count-coops = { $count ->
    [one] één coöperatie
   *[other] { $count } coöperaties
}

## Start
home-what = Vind werk bij een coöperatie van werkenden, of een coöperatie om mee samen te werken: vacatures, lid-coöperaties en nieuws van alle partnernetwerken op één plek.
home-browse-jobs = Bekijk de vacatures
home-browse-directory = Vind een coöperatie
home-partners = Partnernetwerken
home-no-partners = Nog geen partnernetwerk.
home-federation-status = Hoe het met de federatie gaat
home-latest-jobs = Nieuwste vacatures
home-all-jobs = Alle vacatures
home-latest-news = Nieuwste nieuws en evenementen
home-all-news = Al het nieuws en alle evenementen
home-follow = Volgen vanuit de fediverse
home-follow-how = Zoek een van deze adressen op met je account bij Mastodon, Lemmy of Mobilizon en volg het.
home-follow-network = Alles wat het netwerk publiceert
home-follow-jobs = Vacatures
home-follow-news = Nieuws en evenementen
home-follow-apps = Lemmy toont de kanalen als communities; Mobilizon toont de evenementen in zijn agenda.

## Fouten
error-home = Naar de startpagina
error-400-title = Er klopt iets niet aan het verzoek
error-400-text = Controleer het adres of het formulier en probeer het opnieuw.
error-401-title = Log eerst in
error-401-text = Deze pagina is voor leden die ingelogd zijn.
error-403-title = Niet toegestaan
error-403-text = Je account mag deze pagina niet openen.
error-404-title = Pagina niet gevonden
error-404-text = Op dit adres staat niets.
error-410-title = Verwijderd
error-410-text = Wie dit publiceerde, heeft het ingetrokken.
error-429-title = Te veel verzoeken
error-429-text = Wacht even en probeer het dan opnieuw.
error-500-title = Er ging iets mis
error-500-text = De server kon niet antwoorden. Probeer het later opnieuw.

## Accounts
login-title = Inloggen
login-username = Gebruikersnaam
login-password = Wachtwoord
login-submit = Inloggen
login-wrong = Gebruikersnaam of wachtwoord onjuist.
login-too-many = { $minutes ->
    [one] Te veel mislukte pogingen. Probeer het over een minuut opnieuw.
   *[other] Te veel mislukte pogingen. Probeer het over { $minutes } minuten opnieuw.
}
login-link-title = Inloggen met een eenmalige link
login-link-text = Deze link werkt één keer en verloopt 24 uur nadat hij gemaakt is.
login-link-invalid-title = Deze link is niet geldig
login-link-invalid-text = Hij is al gebruikt, verlopen of verkeerd overgenomen. Een admin kan op de server een nieuwe maken met:
account-title = Je account
account-logged-in-as = Ingelogd als { $name } ({ $role }).
account-change-password = Wachtwoord wijzigen
account-set-password = Wachtwoord instellen (je hebt er nog geen)
account-current-password = Huidig wachtwoord
account-new-password = Nieuw wachtwoord (minstens { $min } tekens)
account-save-password = Wachtwoord opslaan
account-logout = Uitloggen
account-password-saved = Wachtwoord opgeslagen. Elders beëindigde sessies: { $sessions }; ingetrokken API-tokens: { $tokens }.
account-current-password-wrong = Het huidige wachtwoord ontbreekt of klopt niet.
account-password-length = Het nieuwe wachtwoord moet minstens { $min } tekens hebben.
role-admin = admin
role-editor = redacteur

## Landen
country-at = Oostenrijk
country-be = België
country-ch = Zwitserland
country-cz = Tsjechië
country-de = Duitsland
country-dk = Denemarken
country-es = Spanje
country-fi = Finland
country-fr = Frankrijk
country-gb = Verenigd Koninkrijk
country-gr = Griekenland
country-ie = Ierland
country-it = Italië
country-lu = Luxemburg
country-nl = Nederland
country-no = Noorwegen
country-pl = Polen
country-pt = Portugal
country-se = Zweden

## Console van de coöperatie
nav-console = Console
console-title = Console van de coöperatie
console-pick = Kies de coöperatie die je wilt beheren:
console-coop-title = Console van { $name }
console-new-job = Vacature plaatsen
console-new-news = Nieuws of evenement plaatsen
console-edit-profile = Profiel bewerken
console-public-page = Openbare pagina bekijken
console-open-jobs = Open vacatures
console-to-all = gepubliceerd bij alle partnernetwerken
console-not-delivered = Nog nergens bezorgd.
console-delivered-to = Bezorgd bij:
console-edit = Bewerken
console-edit-job = Vacature bewerken
console-close-job = Vacature sluiten
delivery-pending = wachtend
delivery-delivered = bezorgd
delivery-failed = mislukt
form-save = Opslaan en publiceren
form-has-errors = Sommige velden moeten worden aangepast; zie de meldingen ernaast.
job-form-title = Titel
job-form-summary = Samenvatting (één regel)
job-form-description = Beschrijving (Markdown)
job-form-lang = Taal van de tekst
job-form-city = Plaats
job-form-country = Land
job-form-country-hint = Twee letters, zoals NL, BE, DE of FR.
job-form-remote = Werken op afstand is mogelijk
job-form-salary-min = Van
job-form-salary-max = Tot
job-form-currency = Valuta
job-form-currency-hint = Drie letters, zoals EUR of GBP.
job-form-period = Per
job-form-skills-hint = Gescheiden door komma's, in elke taal (zoals Rust, toegankelijkheid).
job-form-languages-hint = Codes van twee letters, gescheiden door komma's, zoals nl, en.
job-form-apply-url = Sollicitatiepagina
job-form-apply-email = E-mailadres voor sollicitaties
job-form-publish-to-all = Bij alle partnernetwerken publiceren
job-form-translation = Tekst in het { $language }
period-hour = uur
period-day = dag
period-week = week
period-month = maand
period-year = jaar
news-form-content = Tekst
news-form-event = Voor een evenement
news-form-timezone = Tijdzone
news-form-timezone-hint = Van de plaats, zoals Europe/Amsterdam.
news-form-online-url = Onlinelink
profile-name = Naam
profile-main-language = Hoofdtaal van de beschrijving
profile-description = Beschrijving in het { $language }
profile-list-hint = Gescheiden door komma's.
profile-logo = Logo (adres van een afbeelding)
profile-coordinates = Coördinaten
profile-latitude = Breedtegraad
profile-longitude = Lengtegraad
language-en = Engels
language-de = Duits
language-nl = Nederlands
language-fr = Frans

## What is wrong with a field of a form
problem-required = Dit veld is verplicht.
problem-not-text = Vul hier tekst in.
problem-empty = Dit veld mag niet leeg zijn.
problem-too-long = Te lang: hoogstens { $max } tekens.
problem-too-short = Te kort: minstens { $min } tekens.
problem-forbidden-characters = Bevat stuur- of tekstrichtingstekens.
problem-not-list = Moet een lijst zijn.
problem-too-many = Te veel items: hoogstens { $max }.
problem-entry-too-long = Een item is te lang (hoogstens { $max } tekens) of bevat stuurtekens.
problem-not-text-list = Moet een lijst met teksten zijn.
problem-between = Moet tussen { $min } en { $max } liggen.
problem-not-whole-number = Vul een geheel getal in.
problem-at-least = Moet minstens { $min } zijn.
problem-not-number = Vul een getal in.
problem-not-true-or-false = Moet ja of nee zijn.
problem-not-mapping = Heeft de verkeerde vorm.
problem-not-http-url = Vul een adres in dat begint met http:// of https://.
problem-not-url = Dit is geen geldig webadres.
problem-not-email = Dit is geen geldig e-mailadres.
problem-not-date = ‘{ $value }’ is geen datum (JJJJ-MM-DD).
problem-not-date-time = ‘{ $value }’ is geen datum met tijd.
problem-not-language = ‘{ $value }’ is geen taalcode (ISO 639-1, zoals ‘nl’).
problem-not-country = ‘{ $value }’ is geen landcode (ISO 3166-1, zoals ‘NL’).
problem-not-currency = ‘{ $value }’ is geen valutacode (ISO 4217, zoals ‘EUR’).
problem-not-time-zone = Vul een tijdzone in zoals Europe/Amsterdam.
problem-not-one-of = ‘{ $value }’ is niet een van: { $allowed }.
problem-unknown-skills = Onbekende vaardigheid: { $value }.
problem-unknown-sector = Onbekende sector: { $value }.
problem-unknown-member = Er is geen lid-coöperatie ‘{ $value }’.
problem-bad-slug = Gebruik alleen kleine letters a–z, cijfers en losse koppeltekens ertussen (zoals tech-coop-1).
problem-bad-username = Gebruik alleen letters a–z, cijfers, _, - en ., te beginnen met een letter of cijfer.
problem-reserved = Deze naam is gereserveerd.
problem-bad-domain = Dit is geen hostnaam (zoals coops.example).
problem-main-language = ‘{ $value }’ is al de hoofdtaal.
problem-translation-not-mapping = De vertaling ‘{ $value }’ moet een titel, samenvatting of beschrijving geven.
problem-not-translated-field = Alleen titel, samenvatting en beschrijving worden vertaald.
problem-translation-empty = De vertaling ‘{ $value }’ bevat geen tekst.
problem-min-above-max = Het minimum mag niet hoger zijn dan het maximum.
problem-location-required = Geef de plaats op: op afstand, of een stad en een land.
problem-location-shape = Moet op afstand zijn, of een stad en een land noemen.
problem-expires-before-posted = De sluitingsdatum mag niet vóór de plaatsingsdatum liggen.
problem-apply-missing = Geef een sollicitatielink of een e-mailadres op.
problem-end-not-after-start = Het einde moet na het begin liggen.
problem-event-needs-times = Een evenement heeft een begin en een einde nodig.
problem-event-needs-time-zone = Een evenement heeft de tijdzone van zijn plaats nodig.
problem-event-needs-place = Een evenement heeft een plaats of een onlinelink nodig.
problem-coordinates = Coördinaten hebben een breedtegraad (−90 tot 90) en een lengtegraad (−180 tot 180) nodig.
problem-social-links = Elke link moet beginnen met http:// of https://.
problem-wrong-password = Dit is niet je huidige wachtwoord.
problem-current-password-needed = Vul je huidige wachtwoord in om het te wijzigen.
problem-within = { $part }: { $detail }

## The admin console
nav-admin = Beheer
admin-title = Het netwerk beheren
admin-coops = Consoles van de coöperaties
admin-coops-text = Profiel, vacatures en nieuws van elke lid-coöperatie bewerken.
admin-audit-text = Wie wat wanneer heeft gewijzigd op deze instantie.
admin-federation-text = Partnernetwerken, wachtende of mislukte bezorgingen.
audit-title = Auditlog
audit-lede = Elke wijziging door een persoon of de opdrachtregel, de nieuwste eerst. Tijden in UTC.
audit-filter-label = Auditlog filteren
audit-caption = Wijzigingen
audit-at = Wanneer
audit-actor = Wie (gebruikersnaam, cli of system)
audit-action = Actie (zoals member of member.update)
audit-target = Doel bevat
audit-since = Sinds (JJJJ-MM-DD)
audit-details = Details
audit-none = Geen items gevonden.
audit-col-actor = Wie
audit-col-action = Actie
audit-col-target = Doel
admin-domains-text = Servers blokkeren die zich misdragen, of de federatie beperken tot de toegestane.
domains-title = Geblokkeerde en toegestane domeinen
domains-lede = Een geblokkeerd domein en zijn subdomeinen kunnen hier niets sturen en krijgen niets; de coöperaties, vacatures en het nieuws van zijn netwerken zijn op deze instantie verborgen. Zodra een domein is toegestaan, federeren alleen toegestane domeinen.
domains-domain = Domein (zoals spam.example)
domains-kind = Regel
domains-kind-block = Blokkeren
domains-kind-allow = Toestaan
domains-reason = Reden (voor de andere beheerders)
domains-save = Regel opslaan
domains-none = Hier is geen domein geblokkeerd of toegestaan.
domains-caption = Regels van hier of de opdrachtregel
domains-remove = Verwijderen
domains-remove-label = De regel voor { $domain } verwijderen
domains-configured = Geblokkeerd in het configuratiebestand
admin-reports-text = Meldingen van andere servers over vacatures, nieuws en coöperaties die hier te zien zijn.
reports-title = Meldingen
reports-lede = Andere servers melden vacatures, nieuws, coöperaties of accounts. Elke melding toont de gemelde inhoud zoals deze instantie die had toen de melding binnenkwam.
reports-which = Welke meldingen
reports-open = Open
reports-resolved = Afgehandeld
reports-none = Geen meldingen.
reports-by = Gemeld door { $reporter }
reports-text = De tekst
reports-dismiss = Afwijzen
reports-take-down = Hier verwijderen
reports-block-domain = Hun domein blokkeren
reports-resolution-dismissed = Afgewezen
reports-resolution-taken-down = Hier verwijderd
reports-resolution-domain-blocked = Domein geblokkeerd
reports-kind-job = Vacature
reports-kind-news = Nieuws
reports-kind-event = Evenement
reports-kind-coop = Coöperatie
reports-kind-actor = Account
reports-kind-unknown = Hier niet aanwezig
reports-send-title = Melden bij een andere server
reports-send-text = Meld een account, vacature of bericht van een andere server bij de moderatie daar: deze instantie stuurt de melding, zoals Mastodon.
reports-send-targets = Wat je meldt: id's (adressen), één per regel, allemaal op één server
reports-send-comment = Wat er mis is (voor hun moderatie)
reports-send = Melding versturen
reports-resolution-sent = Naar de server gestuurd
admin-reports = { $count ->
    [0] Meldingen
   *[other] Meldingen ({ $count } open)
}
admin-policies-text = Of andere netwerken meteen partner worden, en wiens vacatures de groepen overnemen.
policies-title = Partnerregels
policies-lede = Hoe deze instantie andere netwerken antwoordt. Een wijziging geldt meteen.
policies-partner = Als een ander netwerk partner wil worden
policies-partner-auto = Meteen accepteren
policies-partner-review = Het verzoek bewaren tot een beheerder het accepteert of afwijst
policies-group = Wiens vacatures de vacaturegroep overneemt
policies-group-partners = Coöperaties van partnernetwerken
policies-group-anyone = Iedereen
policies-save = Opslaan
