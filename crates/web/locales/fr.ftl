# L'interface de coopfed en français.

## Dates et moments
date-long = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
moment = { $date }, { $time } ({ $zone })
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Mise en page
skip-to-content = Aller au contenu
nav-label = Menu principal
nav-jobs = Offres d’emploi
nav-directory = Annuaire
nav-news = Actualités et événements
nav-federation = Fédération
nav-login = Se connecter
nav-account = Compte ({ $name })
language-switcher = Langue
footer-about = Un réseau de coopératives tech de travailleuses et travailleurs, fédéré avec ses partenaires par ActivityPub.
footer-api = API
feed-jobs = Offres d’emploi (Atom)
feed-news = Actualités (Atom)
feed-events = Événements (iCalendar)
handle-copy = Sélectionnez l’adresse pour la copier
pager-label = Plus de résultats
pager-next = Page suivante →

## Filtres
filter-any = Tous
filter-words = Mots
filter-skill = Compétence (dans n’importe quelle langue)
filter-network = Réseau
filter-country = Pays (code, comme FR)
filter-remote = Télétravail
filter-remote-yes = Télétravail seulement
filter-remote-no = Sur place seulement
filter-employment = Type de travail
filter-language = Langue
filter-salary = Rémunération d’au moins
filter-posted-since = Publiée depuis (AAAA-MM-JJ)
filter-service = Service
filter-technology = Technologie
filter-size-min = Au moins … personnes
filter-size-max = Au plus … personnes
filter-kind = Type
filter-apply = Rechercher
filter-reset = Effacer les filtres
filter-more = Plus de filtres
invalid-q = Ces mots ne peuvent pas être recherchés.
invalid-skill = Aucune compétence ne porte ce nom. Essayez un autre mot ou un libellé dans une autre langue.
invalid-country = Indiquez un code pays de deux lettres, comme FR ou BE.
invalid-language = Indiquez un code de langue de deux lettres, comme fr.
invalid-salary-min = Indiquez un montant en chiffres, comme 40000.
invalid-posted-since = Indiquez une date au format AAAA-MM-JJ, comme 2026-11-01.
invalid-remote = Choisissez télétravail ou sur place.
invalid-employment-type = Choisissez un type de travail dans la liste.
invalid-kind = Choisissez actualité ou événement.
invalid-after = Cette page de résultats n’existe plus ; recommencez.
invalid-size-min = Indiquez un nombre entier de personnes.
invalid-size-max = Indiquez un nombre entier de personnes.

## Offres d’emploi
jobs-title = Emplois dans les coopératives tech
jobs-lede = Les offres ouvertes des coopératives de tous les réseaux partenaires, les plus récentes d’abord.
jobs-filter-label = Filtrer les offres d’emploi
jobs-results = Offres
jobs-none = Aucune offre ouverte ne correspond.
employment-full_time = Temps plein
employment-part_time = Temps partiel
employment-contract = Contrat à durée déterminée
employment-freelance = Indépendant
employment-volunteer = Bénévolat
employment-internship = Stage
job-remote = télétravail
job-posted = Publiée le { $date }
job-carried-by = relayée par { $networks }
salary-amount = { $amount } { $currency }
salary-per-hour = { $amount } { $currency } par heure
salary-per-day = { $amount } { $currency } par jour
salary-per-week = { $amount } { $currency } par semaine
salary-per-month = { $amount } { $currency } par mois
salary-per-year = { $amount } { $currency } par an

## Page d’une offre
job-expired = Cette offre a expiré.
job-place = Lieu
job-salary = Rémunération
job-posted-on = Publiée
job-valid-through = Ouverte jusqu’au
job-languages = Langues
job-apply = Comment postuler
job-apply-link = Postuler sur le site de la coopérative
job-apply-email = Ou écrire à
job-apply-write = Écrire à
job-skills = Compétences
job-where-published = Publiée dans
job-fediverse-address = Adresse dans le fédivers (à chercher depuis Mastodon ou Lemmy)
job-matching-coops = Coopératives de la fédération qui ont ces compétences
job-matching-coops-lede = Classées selon le nombre de compétences de l’offre qu’elles indiquent.
job-matching-skills = { $count ->
    [0] aucune compétence en commun
    [one] une compétence en commun
   *[other] { $count } compétences en commun
}

## Annuaire
directory-title = Annuaire des coopératives tech
directory-lede = Qui fait quoi, dans tous les réseaux partenaires.
directory-filter-label = Filtrer les coopératives
directory-results = Coopératives
directory-none = Aucune coopérative ne correspond.
coop-size-people = { $count ->
    [0] aucune personne
    [one] une personne
   *[other] { $count } personnes
}
coop-place = Lieu
coop-size = Taille
coop-legal-form = Forme juridique
coop-founded = Fondée en
coop-joined = Membre depuis
coop-languages = Langues
coop-services = Services
coop-technologies = Technologies
coop-sectors = Secteurs
coop-website = Site web
coop-contact = Contact
coop-links = Ailleurs
coop-skills = Compétences
coop-jobs = Offres d’emploi ouvertes
coop-no-jobs = Aucune offre ouverte.
coop-news = Actualités et événements
coop-no-news = Rien de publié pour l’instant.
actor-kind-coop = Coopérative membre
actor-kind-network = Réseau de coopératives tech
actor-kind-group = Fil du réseau
actor-kind-instance = Serveur du réseau
actor-kind-person = Compte
follow-handle = Suivre depuis le fédivers
follow-how = Cherchez cette adresse depuis Mastodon, Lemmy, Mobilizon ou n’importe quel serveur du fédivers, puis suivez-la.

## Actualités et événements
news-title = Actualités et événements
news-lede = Ce qu’annoncent les réseaux et leurs coopératives.
news-filter-label = Filtrer les actualités et événements
news-results = Annonces
news-none = Rien ne correspond.
kind-news = Actualité
kind-event = Événement
category-gathering = Rencontre
category-tender = Appel d’offres
category-funding = Financement
category-workshop = Atelier
category-meetup = Meetup
category-conference = Conférence
category-webinar = Webinaire
event-starts = Début
event-ends = Fin
event-place = Lieu
event-online = En ligne
event-registration = Inscription
event-add-to-calendar = Ajouter à mon agenda

## Fédération
federation-title = La fédération
federation-lede = Les réseaux que celui-ci connaît, ses partenaires, et l’état des envois vers eux.
federation-table-caption = Réseaux de coopératives tech
federation-network = Réseau
federation-relation = Relation
federation-coops = Coopératives
federation-last-contact = Dernier contact
federation-deliveries = Envois
federation-follow = Adresse
federation-this-network = Ce réseau
federation-partner = Partenaire
federation-known = Connu
federation-never = Pas encore
federation-unreachable-since = Injoignable depuis le { $date }
federation-waiting-failing = { $pending } en attente, { $failed } en échec
count-coops = { $count ->
    [0] aucune coopérative
    [one] une coopérative
   *[other] { $count } coopératives
}

## Accueil
home-what = Trouvez du travail dans une coopérative de travailleuses et travailleurs, ou une coopérative avec qui travailler : les offres, les coopératives membres et les actualités de tous les réseaux partenaires, au même endroit.
home-browse-jobs = Voir les offres
home-browse-directory = Trouver une coopérative
home-partners = Réseaux partenaires
home-no-partners = Pas encore de réseau partenaire.
home-federation-status = L’état de la fédération
home-latest-jobs = Dernières offres d’emploi
home-all-jobs = Toutes les offres
home-latest-news = Dernières actualités et derniers événements
home-all-news = Toutes les actualités et tous les événements
home-follow = Suivre depuis le fédivers
home-follow-how = Cherchez l’une de ces adresses depuis votre compte Mastodon, Lemmy ou Mobilizon et suivez-la.
home-follow-network = Tout ce que publie le réseau
home-follow-jobs = Offres d’emploi
home-follow-news = Actualités et événements
home-follow-apps = Lemmy affiche les fils comme des communautés ; Mobilizon affiche les événements dans son agenda.

## Erreurs
error-home = Aller à l’accueil
error-400-title = Quelque chose ne va pas dans la demande
error-400-text = Vérifiez l’adresse ou le formulaire et réessayez.
error-401-title = Veuillez vous connecter
error-401-text = Cette page est réservée aux membres connectés.
error-403-title = Accès refusé
error-403-text = Votre compte ne peut pas ouvrir cette page.
error-404-title = Page introuvable
error-404-text = Il n’y a rien à cette adresse.
error-410-title = Retiré
error-410-text = La personne qui l’a publié l’a retiré.
error-429-title = Trop de demandes
error-429-text = Patientez un instant, puis réessayez.
error-500-title = Une erreur s’est produite
error-500-text = Le serveur n’a pas pu répondre. Réessayez plus tard.

## Comptes
login-title = Connexion
login-username = Nom d’utilisateur
login-password = Mot de passe
login-submit = Se connecter
login-wrong = Nom d’utilisateur ou mot de passe incorrect.
login-too-many = { $minutes ->
    [one] Trop de tentatives échouées. Réessayez dans une minute.
   *[other] Trop de tentatives échouées. Réessayez dans { $minutes } minutes.
}
login-link-title = Se connecter avec un lien à usage unique
login-link-text = Ce lien fonctionne une seule fois et expire 24 heures après sa création.
login-link-invalid-title = Ce lien n’est pas valable
login-link-invalid-text = Il a déjà servi, a expiré ou a été mal recopié. Un·e admin peut en créer un nouveau sur le serveur avec :
account-title = Votre compte
account-logged-in-as = Connecté·e en tant que { $name } ({ $role }).
account-change-password = Changer votre mot de passe
account-set-password = Choisir un mot de passe (vous n’en avez pas encore)
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe (au moins { $min } caractères)
account-save-password = Enregistrer le mot de passe
account-logout = Se déconnecter
account-password-saved = Mot de passe enregistré. Sessions fermées ailleurs : { $sessions } ; jetons d’API révoqués : { $tokens }.
account-current-password-wrong = Le mot de passe actuel manque ou n’est pas le bon.
account-password-length = Le nouveau mot de passe doit compter au moins { $min } caractères.
role-admin = admin
role-editor = rédaction

## Pays
country-at = Autriche
country-be = Belgique
country-ch = Suisse
country-cz = Tchéquie
country-de = Allemagne
country-dk = Danemark
country-es = Espagne
country-fi = Finlande
country-fr = France
country-gb = Royaume-Uni
country-gr = Grèce
country-ie = Irlande
country-it = Italie
country-lu = Luxembourg
country-nl = Pays-Bas
country-no = Norvège
country-pl = Pologne
country-pt = Portugal
country-se = Suède

## Console de la coopérative
nav-console = Console
console-title = Console de la coopérative
console-pick = Choisissez la coopérative à gérer :
console-coop-title = Console de { $name }
console-new-job = Publier une offre d’emploi
console-new-news = Publier une actualité ou un événement
console-edit-profile = Modifier le profil
console-public-page = Voir la page publique
console-open-jobs = Offres d’emploi ouvertes
console-to-all = publiée dans tous les réseaux partenaires
console-not-delivered = Livrée nulle part pour l’instant.
console-delivered-to = Livrée à :
console-edit = Modifier
console-edit-job = Modifier l’offre d’emploi
console-close-job = Clore l’offre
delivery-pending = en attente
delivery-delivered = livrée
delivery-failed = en échec
form-save = Enregistrer et publier
form-has-errors = Certains champs sont à corriger ; voyez les messages à côté.
job-form-title = Titre
job-form-summary = Résumé (une ligne)
job-form-description = Description (Markdown)
job-form-lang = Langue du texte
job-form-city = Ville
job-form-country = Pays
job-form-country-hint = Deux lettres, comme FR, BE, DE ou GB.
job-form-remote = Le télétravail est possible
job-form-salary-min = De
job-form-salary-max = À
job-form-currency = Devise
job-form-currency-hint = Trois lettres, comme EUR ou GBP.
job-form-period = Par
job-form-skills-hint = Séparées par des virgules, dans n’importe quelle langue (comme Rust, accessibilité).
job-form-languages-hint = Codes de deux lettres séparés par des virgules, comme fr, en.
job-form-apply-url = Page de candidature
job-form-apply-email = Courriel de candidature
job-form-publish-to-all = Publier dans tous les réseaux partenaires
job-form-translation = Texte en { $language }
period-hour = heure
period-day = jour
period-week = semaine
period-month = mois
period-year = an
news-form-content = Texte
news-form-event = Pour un événement
news-form-timezone = Fuseau horaire
news-form-timezone-hint = Celui du lieu, comme Europe/Paris.
news-form-online-url = Lien en ligne
profile-name = Nom
profile-main-language = Langue principale de la description
profile-description = Description en { $language }
profile-list-hint = Séparés par des virgules.
profile-logo = Logo (adresse d’une image)
profile-coordinates = Coordonnées
profile-latitude = Latitude
profile-longitude = Longitude
language-en = anglais
language-de = allemand
language-nl = néerlandais
language-fr = français

## What is wrong with a field of a form
problem-required = Ce champ est obligatoire.
problem-not-text = Saisissez du texte ici.
problem-empty = Ce champ ne peut pas être vide.
problem-too-long = Trop long : { $max } caractères au plus.
problem-too-short = Trop court : au moins { $min } caractères.
problem-forbidden-characters = Contient des caractères de contrôle ou de sens d’écriture.
problem-not-list = Doit être une liste.
problem-too-many = Trop d’éléments : { $max } au plus.
problem-entry-too-long = Un élément est trop long ({ $max } caractères au plus) ou contient des caractères de contrôle.
problem-not-text-list = Doit être une liste de textes.
problem-between = Doit être compris entre { $min } et { $max }.
problem-not-whole-number = Saisissez un nombre entier.
problem-at-least = Doit valoir au moins { $min }.
problem-not-number = Saisissez un nombre.
problem-not-true-or-false = Doit être oui ou non.
problem-not-mapping = N’a pas la bonne forme.
problem-not-http-url = Saisissez une adresse qui commence par http:// ou https://.
problem-not-url = Ce n’est pas une adresse web valable.
problem-not-email = Ce n’est pas une adresse e-mail valable.
problem-not-date = « { $value } » n’est pas une date (AAAA-MM-JJ).
problem-not-date-time = « { $value } » n’est pas une date avec heure.
problem-not-language = « { $value } » n’est pas un code de langue (ISO 639-1, comme « fr »).
problem-not-country = « { $value } » n’est pas un code de pays (ISO 3166-1, comme « FR »).
problem-not-currency = « { $value } » n’est pas un code de devise (ISO 4217, comme « EUR »).
problem-not-time-zone = Saisissez un fuseau horaire comme Europe/Paris.
problem-not-one-of = « { $value } » ne fait pas partie de : { $allowed }.
problem-unknown-skills = Compétence inconnue : { $value }.
problem-unknown-sector = Secteur inconnu : { $value }.
problem-unknown-member = Il n’y a pas de coopérative membre « { $value } ».
problem-bad-slug = Utilisez seulement des minuscules a–z, des chiffres et des tirets simples entre eux (comme tech-coop-1).
problem-bad-username = Utilisez seulement des lettres a–z, des chiffres, _, - et ., en commençant par une lettre ou un chiffre.
problem-reserved = Ce nom est réservé.
problem-bad-domain = Ce n’est pas un nom d’hôte (comme coops.example).
problem-main-language = « { $value } » est déjà la langue principale.
problem-translation-not-mapping = La traduction « { $value } » doit donner un titre, un résumé ou une description.
problem-not-translated-field = Seuls le titre, le résumé et la description se traduisent.
problem-translation-empty = La traduction « { $value } » ne contient aucun texte.
problem-min-above-max = Le minimum ne peut pas dépasser le maximum.
problem-location-required = Indiquez le lieu : à distance, ou une ville et un pays.
problem-location-shape = Doit être à distance, ou une ville et un pays.
problem-expires-before-posted = La date de clôture ne peut pas précéder la date de publication.
problem-apply-missing = Indiquez un lien ou une adresse e-mail pour postuler.
problem-end-not-after-start = La fin doit venir après le début.
problem-event-needs-times = Un événement a besoin d’un début et d’une fin.
problem-event-needs-time-zone = Un événement a besoin du fuseau horaire de son lieu.
problem-event-needs-place = Un événement a besoin d’un lieu ou d’un lien en ligne.
problem-coordinates = Les coordonnées demandent une latitude (−90 à 90) et une longitude (−180 à 180).
problem-social-links = Chaque lien doit commencer par http:// ou https://.
problem-wrong-password = Ce n’est pas votre mot de passe actuel.
problem-current-password-needed = Saisissez votre mot de passe actuel pour le changer.
problem-within = { $part } : { $detail }

## The admin console
nav-admin = Administration
admin-title = Administrer le réseau
admin-coops = Consoles des coopératives
admin-coops-text = Modifier le profil, les offres et les actualités de chaque coopérative membre.
admin-audit-text = Qui a changé quoi et quand sur cette instance.
admin-federation-text = Réseaux partenaires, envois en attente ou en échec.
audit-title = Journal d’audit
audit-lede = Chaque changement fait par une personne ou en ligne de commande, le plus récent d’abord. Heures en UTC.
audit-filter-label = Filtrer le journal d’audit
audit-caption = Changements
audit-at = Quand
audit-actor = Qui (nom d’utilisateur, cli ou system)
audit-action = Action (comme member ou member.update)
audit-target = La cible contient
audit-since = Depuis (AAAA-MM-JJ)
audit-details = Détails
audit-none = Aucune entrée ne correspond.
audit-col-actor = Qui
audit-col-action = Action
audit-col-target = Cible
admin-domains-text = Bloquer les serveurs qui se comportent mal, ou limiter la fédération à ceux que vous autorisez.
domains-title = Domaines bloqués et autorisés
domains-lede = Un domaine bloqué et ses sous-domaines ne peuvent rien envoyer ici et ne reçoivent rien ; les coopératives, offres et actualités de ses réseaux sont masquées sur cette instance. Dès qu’un domaine est autorisé, seuls les domaines autorisés fédèrent.
domains-domain = Domaine (comme spam.example)
domains-kind = Règle
domains-kind-block = Bloquer
domains-kind-allow = Autoriser
domains-reason = Raison (pour les autres admins)
domains-save = Enregistrer la règle
domains-none = Aucun domaine n’est bloqué ni autorisé ici.
domains-caption = Règles faites ici ou en ligne de commande
domains-remove = Retirer
domains-remove-label = Retirer la règle de { $domain }
domains-configured = Bloqués dans le fichier de configuration
admin-reports-text = Signalements d’autres serveurs sur les offres, actualités et coopératives affichées ici.
reports-title = Signalements
reports-lede = D’autres serveurs signalent des offres, actualités, coopératives ou comptes. Chaque signalement montre les contenus signalés tels que cette instance les avait à son arrivée.
reports-which = Quels signalements
reports-open = En attente
reports-resolved = Traités
reports-none = Aucun signalement.
reports-by = Signalé par { $reporter }
reports-text = Le texte
reports-dismiss = Classer sans suite
reports-take-down = Retirer ici
reports-block-domain = Bloquer leur domaine
reports-block-actor = Bloquer l’auteur
reports-resolution-dismissed = Classé sans suite
reports-resolution-taken-down = Retiré ici
reports-resolution-domain-blocked = Domaine bloqué
reports-resolution-actor-blocked = Auteur bloqué
reports-kind-job = Offre d’emploi
reports-kind-news = Actualité
reports-kind-event = Événement
reports-kind-coop = Coopérative
reports-kind-actor = Compte
reports-kind-unknown = Absent d’ici
reports-send-title = Signaler à un autre serveur
reports-send-text = Signaler un compte, une offre ou une publication d’un autre serveur à sa modération : cette instance lui envoie le signalement, comme Mastodon.
reports-send-targets = Ce que vous signalez : identifiants (adresses), un par ligne, tous sur un même serveur
reports-send-comment = Ce qui ne va pas (pour sa modération)
reports-send = Envoyer le signalement
reports-resolution-sent = Envoyé à son serveur
admin-reports = { $count ->
    [0] Signalements
   *[other] Signalements ({ $count } en attente)
}
admin-policies-text = Si les autres réseaux deviennent partenaires d’emblée, et de qui les groupes reprennent les offres.
policies-title = Règles de partenariat
policies-lede = Comment cette instance répond aux autres réseaux. Un changement s’applique aussitôt.
policies-partner = Quand un autre réseau demande à devenir partenaire
policies-partner-auto = Accepter aussitôt
policies-partner-review = Garder la demande jusqu’à ce qu’un·e admin l’accepte ou la refuse
policies-group = De qui le groupe des offres reprend les offres
policies-group-members = Coopératives de l’annuaire d’un réseau partenaire
policies-group-partners = Coopératives des réseaux partenaires
policies-group-anyone = Tout le monde
policies-save = Enregistrer
admin-queue-text = Ce qui attend d’être envoyé à d’autres serveurs, les hôtes en échec ou muets, le délai des partenaires.
queue-title = Envois et hôtes
queue-lede = Ce que cette instance envoie à d’autres serveurs : ce qui attend, quels serveurs échouent ou ne répondent plus, et le temps que mettent les réseaux partenaires à recevoir ce qui est publié ici (7 derniers jours).
queue-pending = En attente
queue-delivered = Livrés
queue-failed = Abandonnés
queue-hosts = Hôtes
queue-no-hosts = Rien n’a encore été envoyé à un autre serveur.
queue-hosts-caption = Les partenaires d’abord, puis les hôtes en difficulté
queue-host = Hôte
queue-state = État
queue-waiting-failed = Envois
queue-lag = Délai de livraison
queue-actions = Actions
queue-partner = réseau partenaire { $name }
queue-state-ok = Répond
queue-state-failing = { $count ->
    [one] Un échec
   *[other] { $count } échecs de suite
}
queue-state-dead = Ne répond plus depuis un jour : essayé de temps en temps
queue-lag-figures = { $p50 } s en général, au plus { $p95 } s pour 95 % ({ $count } envois)
queue-retry = Réessayer maintenant
queue-give-up = Abandonner
queue-retry-host = Réessayer maintenant : tous les envois à { $host }
queue-give-up-host = Abandonner : tous les envois en attente pour { $host }
queue-retry-one = Réessayer maintenant : l’envoi à { $inbox }
queue-give-up-one = Abandonner : l’envoi à { $inbox }
queue-retry-all = Réessayer tous les envois abandonnés
queue-troubled = Envois en difficulté
queue-no-trouble = Aucun envoi n’échoue.
queue-troubled-caption = Abandonnés ou en attente d’un nouvel essai ; les plus récents d’abord
queue-activity = Activité
queue-inbox = Boîte de réception
queue-attempts = Essais
queue-next = Prochain essai
queue-error = Dernière erreur
queue-given-up = Abandonné
admin-partners-text = Suivre d’autres réseaux, décider des demandes en attente, mettre fin à un partenariat.
partners-title = Réseaux partenaires
partners-lede = Deux réseaux qui se suivent l’un l’autre sont partenaires : chacun présente les coopératives de l’autre et reprend les offres et actualités qu’il partage avec tous ses partenaires.
partners-handle = Suivre un réseau par son identifiant (comme @de@techkollektiv.example)
partners-follow = Suivre
partners-handle-error = { $handle } est introuvable : indiquez un identifiant comme @nom@domaine d’un serveur qui répond.
partners-waiting = En attente de votre décision
partners-none-waiting = Aucune demande n’attend de décision.
partners-waiting-caption = Demandes d’abonnement gardées pour examen, les plus récentes d’abord
partners-accept = Accepter
partners-accept-label = Accepter la demande de { $who }
partners-reject = Refuser
partners-reject-label = Refuser la demande de { $who }
partners-partners = Partenaires
partners-none = Aucun réseau partenaire pour l’instant.
partners-partners-caption = Réseaux qui suivent celui-ci et que celui-ci suit
partners-network = Réseau
partners-since = Depuis
partners-end = Mettre fin au partenariat
partners-end-label = Mettre fin au partenariat avec { $name }
partners-asked = Demandé, en attente de réponse
partners-none-asked = Aucune demande de ce réseau n’attend de réponse.
partners-asked-caption = Demandes d’abonnement envoyées d’ici
partners-withdraw = Retirer
partners-withdraw-label = Retirer la demande adressée à { $who }
partners-one-way = Abonnements à sens unique
partners-one-way-caption = Réseaux et groupes qui suivent celui-ci, ou que celui-ci suit, sans partenariat
partners-stop = Mettre fin
partners-stop-label = Mettre fin : l’abonnement avec { $who }
partners-follower = Qui suit
partners-target = Qui est suivi
partners-people = { $count ->
    [0] Personne sur le fédivers ne suit les acteurs de ce réseau.
    [one] Une personne sur le fédivers suit les acteurs de ce réseau.
   *[other] { $count } personnes sur le fédivers suivent les acteurs de ce réseau.
}
admin-roster-text = Les coopératives du réseau et qui les modifie : ajouter, retirer, inviter.
roster-title = Membres et rédaction
roster-lede = Les coopératives de ce réseau et les personnes qui peuvent les modifier. La console de chaque coopérative modifie son profil, ses offres et ses actualités ; les partenaires apprennent chaque coopérative ajoutée ou retirée.
roster-link-for = Envoyez ce lien de connexion à usage unique à { $name } ; il ouvre son compte une fois, sous 24 heures :
roster-coops = Coopératives
roster-no-coops = Ce réseau n’a pas encore de coopérative membre.
roster-coops-caption = Coopératives membres, par nom
roster-coop = Coopérative
roster-editors = Rédaction
roster-remove = Retirer
roster-remove-label = Retirer { $name } du réseau
roster-add = Ajouter une coopérative
roster-slug = Nom court dans les adresses (comme outlandish)
roster-name = Nom
roster-country = Pays (deux lettres, comme FR)
roster-city = Ville
roster-website = Site web
roster-add-button = Ajouter la coopérative
roster-people = Personnes
roster-people-caption = Toutes les personnes qui ont un compte ici
roster-person = Personne
roster-role-and-coop = Rôle et coopérative
roster-last-login = Dernière connexion
roster-never = Jamais
roster-role = Rôle
roster-role-editor = Rédaction d’une coopérative
roster-role-admin = Administration du réseau
roster-role-of = Rôle de { $name }
roster-coop-of = Coopérative de { $name }
roster-no-coop = Aucune coopérative
roster-save = Enregistrer
roster-save-label = Enregistrer : rôle et coopérative de { $name }
roster-new-link = Nouveau lien de connexion
roster-new-link-label = Nouveau lien de connexion pour { $name }
roster-invite = Inviter quelqu’un
roster-invite-text = La personne reçoit un compte sans mot de passe et un lien de connexion à usage unique que vous lui envoyez ; elle choisit un mot de passe après s’être connectée.
roster-username = Nom d’utilisateur
roster-email = Courriel (facultatif)
roster-invite-button = Inviter
roster-remove-title = Retirer { $name } ?
roster-remove-text = La coopérative quitte le réseau : ses offres et actualités sont retirées ici et chez les réseaux partenaires, qui en sont informés. Ajoutée plus tard, elle retrouve son adresse.
roster-remove-confirm = Retirer la coopérative
roster-remove-cancel = La garder
roster-import-link = Importer un annuaire des membres (YAML ou CSV), vérifié avant toute écriture
import-title = Importer un annuaire des membres
import-lede = Collez un annuaire des membres au format de coopfed import members. Il est d’abord vérifié : vous voyez quelles coopératives seraient ajoutées ou mises à jour, et chaque problème avec son enregistrement et sa ligne. Rien n’est écrit avant l’import.
import-format = Format
import-content = Le contenu du fichier
import-content-hint = Jusqu’à 1 Mo ; importez les annuaires plus grands avec coopfed import members FICHIER.
import-skip-invalid = Importer les enregistrements valides même si d’autres ont des problèmes
import-check = Vérifier
import-unreadable = Le contenu n’a pas pu être lu :
import-report = Ce qui se passerait
import-summary = { $total } enregistrements : { $new } coopératives à ajouter, { $existing } à mettre à jour, { $errors } avec des problèmes.
import-problems = Problèmes
import-apply = { $count ->
    [one] Importer la seule coopérative valide
   *[other] Importer les { $count } coopératives valides
}
import-fix-first = Corrigez les problèmes et vérifiez à nouveau, ou cochez la case pour n’importer que les enregistrements valides.
import-done = Importé : { $created } coopératives ajoutées, { $updated } mises à jour, { $skipped } enregistrements ignorés. Les réseaux partenaires en sont informés.
