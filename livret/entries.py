"""The entry models: one pydantic model per rubrique, each field declared once.

Adding a field to the livret is one line here; the dialog, storage, progress
and documents follow from it.
"""

import re
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from livret.enums import (
    Categorie,
    CategorieFormation,
    Filiere,
    NatureActivite,
    NatureBilan,
    NatureCertification,
    NatureConcours,
    NiveauDiplome,
    ResultatConcours,
    VoieCertification,
)
from livret.fields import Ask, Links, field_specs
from livret.values import Duration, PartialDate


class Entry(BaseModel):
    """Base of every rubrique model: checks what one field alone cannot."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    @model_validator(mode="after")
    def _check_declared_limits(self) -> Self:
        for spec in field_specs(type(self)):
            value = getattr(self, spec.name)
            if isinstance(value, str):
                if not value.strip():
                    raise ValueError(f"{spec.name}: texte vide")
                if len(value) > spec.max_len:
                    raise ValueError(f"{spec.name}: plus de {spec.max_len} caractères")
            if spec.ask.not_before and value is not None:
                start = getattr(self, spec.ask.not_before)
                if start is not None and value.last_key < start.key:
                    raise ValueError(f"{spec.name} avant {spec.ask.not_before}")
        return self


def _date_debut(what: str, past: bool = True) -> Ask:
    return Ask(
        "Date",
        f"Quand {what} ?",
        "Une date précise (12/03/2021), un mois (03/2021 ou mars 2021) ou une année (2021).",
        past=past,
    )


def _duree(what: str) -> Ask:
    return Ask(
        "Durée",
        f"Quelle a été la durée {what} ?",
        "Avec son unité : « 3 jours », « 21 h », « 1,5 jour », « 2 semaines », « 6 mois ».",
    )


def _obtention(pronoun: str) -> Ask:
    return Ask(
        "Date d'obtention",
        f"Quand l'avez-vous {pronoun} ?",
        "La date figurant sur le document : 12/03/2021, 03/2021, mars 2021 ou simplement 2021.",
        past=True,
    )


_ORGANISME = Ask(
    "Organisme",
    "Quel organisme l'a proposée ?",
    "Par exemple : CNFPT, centre de gestion, université, votre collectivité.",
    suggest=("CNFPT", "Centre de gestion"),
    identite="collectivite",
)
_NIVEAUX = ("Initiation", "Perfectionnement", "Expertise")


def _date_fin(what: str, past: bool = True) -> Ask:
    return Ask(
        "Fin",
        f"Quand {what} ?",
        "Pour une formation de plusieurs jours : le dernier jour, par exemple 17/03/2021.",
        not_before="date_debut",
        past=past,
    )


class Identite(Entry):
    prenom: Annotated[str, Ask("Prénom", "Quel est votre prénom ?", "Votre prénom usuel.")]
    nom: Annotated[
        str,
        Ask(
            "Nom", "Quel est votre nom ?", "Votre nom d'usage, tel que votre employeur le connaît."
        ),
    ]

    @field_validator("prenom", "nom", mode="before")
    @classmethod
    def _capitalised(cls, value: object) -> object:
        # Typed all in lower case on a phone ("marie-claire"): "Marie-Claire". Any capital
        # typed is the agent's own spelling ("McDonald", "de La Tour") and is kept.
        if isinstance(value, str) and value == value.lower() and value != value.upper():
            return re.sub(r"(^|[\s'’-])(\w)", lambda m: m[1] + m[2].upper(), value)
        return value

    date_naissance: Annotated[
        PartialDate | None,
        Ask(
            "Date de naissance",
            "Quelle est votre date de naissance ?",
            "Facultatif. Vous choisirez plus tard de la montrer ou non.",
            past=True,
            recent=False,
            years_ago=(15, 80),
        ),
    ] = None
    collectivite: Annotated[
        str | None,
        Ask(
            "Collectivité",
            "Dans quelle collectivité travaillez-vous ?",
            "Commune, département, région, intercommunalité, centre de gestion…",
        ),
    ] = None
    poste: Annotated[
        str | None,
        Ask(
            "Poste",
            "Quel poste occupez-vous ?",
            "L'intitulé de votre poste actuel, par exemple « Gestionnaire paie ».",
            expected=True,
        ),
    ] = None
    cadre_emplois: Annotated[
        str | None,
        Ask(
            "Cadre d'emplois",
            "Quel est votre cadre d'emplois ?",
            "Par exemple « rédac » pour les rédacteurs territoriaux : il remplit votre catégorie "
            "et votre filière.",
            listed="cadres",
            expected=True,
        ),
    ] = None
    grade: Annotated[
        str | None,
        Ask(
            "Grade",
            "Quel est votre grade ?",
            "Par exemple « Adjoint administratif principal de 2e classe ».",
            listed="grades",
            expected=True,
        ),
    ] = None
    categorie: Annotated[
        Categorie | None,
        Ask(
            "Catégorie",
            "Quelle est votre catégorie ?",
            "A, B ou C : elle figure sur votre arrêté de nomination.",
            expected=True,
        ),
    ] = None
    filiere: Annotated[
        Filiere | None,
        Ask(
            "Filière",
            "Quelle est votre filière ?",
            "La filière de votre cadre d'emplois.",
            expected=True,
        ),
    ] = None


class Diplome(Entry):
    intitule: Annotated[
        str,
        Ask(
            "Intitulé",
            "Quel est l'intitulé du diplôme ou du titre ?",
            "Tel qu'il figure sur le diplôme, par exemple « BTS Assistant de gestion ».",
        ),
    ]
    niveau: Annotated[
        NiveauDiplome | None,
        Ask("Niveau", "Quel est son niveau ?", "Le niveau du cadre national des certifications."),
    ] = None
    etablissement: Annotated[
        str | None,
        Ask("Établissement", "Quel établissement l'a délivré ?", "Lycée, université, école…"),
    ] = None
    date_obtention: Annotated[PartialDate, _obtention("obtenu")]

    @field_validator("niveau", mode="before")
    @classmethod
    def _no_level_is_no_niveau(cls, value: object) -> object:
        # "Sans diplôme" (code "0") was offered as a diplôme's level until issue 18: stored
        # or archived that way, it reads as no level given.
        return None if value == "0" else value


class Certification(Entry):
    intitule: Annotated[
        str,
        Ask(
            "Intitulé",
            "Quel est l'intitulé de la certification ?",
            "Diplôme, titre ou certificat obtenu par la formation continue ou la VAE.",
        ),
    ]
    nature: Annotated[
        NatureCertification,
        Ask(
            "Nature",
            "De quel type de certification s'agit-il ?",
            "Diplôme, titre professionnel ou certificat de qualification professionnelle.",
        ),
    ]
    voie: Annotated[
        VoieCertification,
        Ask(
            "Voie d'obtention",
            "Comment l'avez-vous obtenue ?",
            "Par la formation continue ou par la validation des acquis de l'expérience.",
        ),
    ]
    organisme: Annotated[
        str | None,
        Ask(
            "Organisme certificateur",
            "Quel organisme l'a délivrée ?",
            "Par exemple : ministère, université, CNFPT.",
        ),
    ] = None
    date_obtention: Annotated[PartialDate, _obtention("obtenue")]


class FormationSuivie(Entry):
    intitule: Annotated[
        str,
        Ask(
            "Intitulé",
            "Quel est l'intitulé de la formation suivie ?",
            "Tel qu'il figure sur l'attestation de formation.",
        ),
    ]
    date_debut: Annotated[PartialDate, _date_debut("l'avez-vous suivie")]
    date_fin: Annotated[PartialDate | None, _date_fin("s'est-elle terminée")] = None
    duree: Annotated[Duration, _duree("de la formation")]
    categorie: Annotated[
        CategorieFormation | None,
        Ask(
            "Catégorie",
            "Dans quel cadre l'avez-vous suivie ?",
            "Les catégories de formation des agents territoriaux, celles du code général de la fonction publique.",
        ),
    ] = None
    organisme: Annotated[str | None, _ORGANISME] = None
    niveau: Annotated[
        str | None,
        Ask(
            "Niveau",
            "Quel en était le niveau ?",
            "Facultatif, par exemple « initiation » ou « perfectionnement ».",
            suggest=_NIVEAUX,
        ),
    ] = None
    cpf: Annotated[
        bool | None,
        Ask(
            "Au titre du CPF",
            "L'avez-vous suivie au titre du compte personnel de formation (CPF) ?",
            "Le CPF a remplacé le DIF le 1er janvier 2017.",
        ),
    ] = None


class FormationDispensee(Entry):
    intitule: Annotated[
        str,
        Ask(
            "Intitulé",
            "Quel est l'intitulé de la formation que vous avez animée ?",
            "Une formation où vous étiez formateur ou formatrice.",
        ),
    ]
    # One planned may be written ahead.
    date_debut: Annotated[PartialDate, _date_debut("l'avez-vous animée", past=False)]
    date_fin: Annotated[PartialDate | None, _date_fin("s'est-elle terminée", past=False)] = None
    duree: Annotated[Duration, _duree("de la formation")]
    public: Annotated[
        str | None,
        Ask(
            "Public",
            "À quel public s'adressait-elle ?",
            "Par exemple « agents d'accueil » ou « nouveaux arrivants ».",
        ),
    ] = None
    niveau: Annotated[
        str | None,
        Ask(
            "Niveau",
            "Quel en était le niveau ?",
            "Facultatif, par exemple « initiation ».",
            suggest=_NIVEAUX,
        ),
    ] = None
    organisme: Annotated[
        str | None,
        Ask(
            "Pour le compte de",
            "Pour quel organisme l'avez-vous animée ?",
            "Par exemple : CNFPT, votre collectivité.",
            suggest=("CNFPT", "Centre de gestion"),
            identite="collectivite",
        ),
    ] = None


class BilanVae(Entry):
    nature: Annotated[
        NatureBilan,
        Ask(
            "Nature",
            "S'agit-il d'un bilan de compétences ou d'une VAE ?",
            "La VAE permet d'obtenir une certification grâce à l'expérience.",
        ),
    ]
    date_debut: Annotated[PartialDate, _date_debut("la démarche a-t-elle commencé")]
    duree: Annotated[Duration, _duree("de la démarche")]
    organisme: Annotated[
        str | None,
        Ask(
            "Organisme",
            "Quel organisme a assuré l'accompagnement ?",
            "Par exemple un centre de bilan de compétences.",
        ),
    ] = None
    resultat: Annotated[
        str | None,
        Ask(
            "Résultat",
            "Quel en a été le résultat ?",
            "Pour une VAE, la certification visée ou obtenue ; pour un bilan, le projet qui en est sorti.",
            long=True,
        ),
    ] = None


class Tutorat(Entry):
    objet: Annotated[
        str,
        Ask(
            "Objet",
            "Quel tutorat avez-vous exercé ?",
            "Par exemple « Tutorat d'un apprenti en CAP » ou « Accueil d'un stagiaire ».",
        ),
    ]
    date_debut: Annotated[PartialDate, _date_debut("a-t-il commencé")]
    duree: Annotated[Duration, _duree("du tutorat")]
    niveau: Annotated[
        str | None,
        Ask(
            "Niveau",
            "Quel en était le niveau ?",
            "Le niveau de la formation suivie par la personne accompagnée.",
        ),
    ] = None
    personnes: Annotated[
        int | None,
        Ask(
            "Personnes accompagnées",
            "Combien de personnes avez-vous accompagnées ?",
            "Un nombre entier, par exemple 2.",
        ),
    ] = None


class Emploi(Entry):
    intitule: Annotated[
        str,
        Ask(
            "Emploi",
            "Quel emploi avez-vous tenu ?",
            "L'intitulé du poste, par exemple « Secrétaire de mairie ».",
            identite="poste",
        ),
    ]
    employeur: Annotated[
        str,
        Ask(
            "Employeur",
            "Chez quel employeur ?",
            "La collectivité, l'administration ou l'entreprise.",
            identite="collectivite",
        ),
    ]
    date_debut: Annotated[
        PartialDate,
        Ask(
            "Début",
            "Depuis quand (date de début) ?",
            "12/03/2021, 03/2021, mars 2021 ou 2021.",
            past=True,
        ),
    ]
    date_fin: Annotated[
        PartialDate | None,
        Ask(
            "Fin",
            "Jusqu'à quand (date de fin) ?",
            "Touchez « Je l'occupe toujours » si c'est votre emploi actuel.",
            not_before="date_debut",
            asked=True,
            skip_label="Je l'occupe toujours",
            open_label="à ce jour",
        ),
    ] = None
    categorie: Annotated[
        Categorie | None,
        Ask("Catégorie", "De quelle catégorie relevait-il ?", "A, B ou C pour un emploi public."),
    ] = None
    missions: Annotated[
        str | None,
        Ask(
            "Missions",
            "Quelles étaient vos missions principales ?",
            "Quelques lignes suffisent.",
            long=True,
        ),
    ] = None
    acquis: Annotated[
        str | None,
        Ask(
            "Connaissances et compétences mises en œuvre",
            "Quelles connaissances, compétences et aptitudes y avez-vous mises en œuvre ?",
            "Ce que cet emploi vous a appris ou demandé.",
            long=True,
        ),
    ] = None


class Competence(Entry):
    intitule: Annotated[
        str,
        Ask(
            "Compétence",
            "Quelle compétence voulez-vous ajouter ?",
            "Par exemple « Conduite de réunion » ou « Marchés publics ».",
        ),
    ]
    description: Annotated[
        str | None,
        Ask(
            "Description",
            "Comment la décririez-vous ?",
            "Facultatif : votre niveau, des exemples.",
            long=True,
        ),
    ] = None
    formations: Annotated[
        list[int],
        Links(
            "Formations",
            "Quelles formations vous l'ont apportée ?",
            "Touchez les formations pour les cocher, puis « Valider ».",
            rubriques=("formations_suivies", "formations_dispensees"),
        ),
    ] = []
    emplois: Annotated[
        list[int],
        Links(
            "Emplois",
            "Dans quels emplois l'avez-vous exercée ?",
            "Touchez les emplois pour les cocher, puis « Valider ».",
            rubriques=("emplois",),
        ),
    ] = []
    diplomes: Annotated[
        list[int],
        Links(
            "Diplômes",
            "Quels diplômes ou certifications l'attestent ?",
            "Touchez les diplômes pour les cocher, puis « Valider ».",
            rubriques=("diplomes", "certifications"),
        ),
    ] = []


class Concours(Entry):
    intitule: Annotated[
        str,
        Ask(
            "Concours ou examen",
            "Quel concours ou examen professionnel avez-vous passé ?",
            "Par exemple « Rédacteur territorial ».",
        ),
    ]
    nature: Annotated[
        NatureConcours,
        Ask(
            "Nature",
            "De quelle voie s'agissait-il ?",
            "Concours externe, interne, troisième voie, examen professionnel ou REP.",
        ),
    ]
    date_debut: Annotated[
        PartialDate, Ask("Session", "De quelle session (date) ?", "L'année suffit : 2021.")
    ]
    resultat: Annotated[
        ResultatConcours | None,
        Ask(
            "Résultat",
            "Quel a été le résultat ?",
            "Admis, admissible, non admis, ou en cours.",
            known_after="date_debut",
            pending="en_cours",
        ),
    ] = None


class ActiviteExtra(Entry):
    intitule: Annotated[
        str,
        Ask(
            "Activité",
            "Quelle activité voulez-vous mentionner ?",
            "Bénévolat, mandat électif ou syndical, autre engagement.",
        ),
    ]
    nature: Annotated[
        NatureActivite,
        Ask("Nature", "De quel type d'activité s'agit-il ?", "Choisissez la plus proche."),
    ]
    structure: Annotated[
        str | None,
        Ask(
            "Structure",
            "Dans quelle structure ?",
            "Association, conseil municipal, organisation syndicale…",
        ),
    ] = None
    date_debut: Annotated[
        PartialDate,
        Ask("Début", "Depuis quand ?", "12/03/2021, 03/2021, mars 2021 ou 2021.", past=True),
    ]
    date_fin: Annotated[
        PartialDate | None,
        Ask(
            "Fin",
            "Jusqu'à quand ?",
            "Touchez « Elle continue » si c'est le cas.",
            not_before="date_debut",
            asked=True,
            skip_label="Elle continue",
            open_label="en cours",
        ),
    ] = None
    description: Annotated[
        str | None,
        Ask(
            "Description",
            "Que faites-vous dans cette activité ?",
            "Quelques lignes suffisent.",
            long=True,
        ),
    ] = None


class Projet(Entry):
    projet: Annotated[
        str,
        Ask(
            "Projet professionnel",
            "Quel est votre projet professionnel ?",
            "Le poste, le métier ou l'évolution que vous visez.",
            long=True,
        ),
    ]
    souhaits: Annotated[
        str | None,
        Ask(
            "Souhaits de formation",
            "Quelles formations souhaiteriez-vous suivre ?",
            "Celles qui vous aideraient dans ce projet.",
            long=True,
        ),
    ] = None
