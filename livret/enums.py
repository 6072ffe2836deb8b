"""Reference lists of the livret (LIVRET.md), as enums that carry their French label.

The value is a stable code stored in the database; the label is what people read.
"""

from enum import StrEnum
from typing import Self


class Labeled(StrEnum):
    """A StrEnum whose members are declared as ``CODE = "code", "Label"``."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class CategorieFormation(Labeled):
    INTEGRATION = "integration", "Formation d'intégration"
    PRO_PREMIER_EMPLOI = "pro_premier_emploi", "Professionnalisation au premier emploi"
    PRO_CARRIERE = "pro_carriere", "Professionnalisation tout au long de la carrière"
    PRO_RESPONSABILITE = "pro_responsabilite", "Professionnalisation, poste à responsabilité"
    PERFECTIONNEMENT = "perfectionnement", "Perfectionnement"
    PREPA_CONCOURS = "prepa_concours", "Préparation aux concours et examens"
    PERSONNELLE = "personnelle", "Formation personnelle"
    ILLETTRISME = "illettrisme", "Lutte contre l'illettrisme, apprentissage du français"


class NiveauDiplome(Labeled):
    N3 = "3", "Niveau 3 (CAP, BEP)"
    N4 = "4", "Niveau 4 (Bac)"
    N5 = "5", "Niveau 5 (Bac+2 : BTS, DUT, DEUST)"
    N6 = "6", "Niveau 6 (Licence, licence pro, BUT)"
    N7 = "7", "Niveau 7 (Master, ingénieur)"
    N8 = "8", "Niveau 8 (Doctorat)"


class Categorie(Labeled):
    A = "A", "Catégorie A"
    B = "B", "Catégorie B"
    C = "C", "Catégorie C"


class Filiere(Labeled):
    ADMINISTRATIVE = "administrative", "Administrative"
    TECHNIQUE = "technique", "Technique"
    CULTURELLE = "culturelle", "Culturelle"
    SPORTIVE = "sportive", "Sportive"
    SOCIALE = "sociale", "Sociale"
    MEDICO_SOCIALE = "medico_sociale", "Médico-sociale"
    MEDICO_TECHNIQUE = "medico_technique", "Médico-technique"
    POLICE = "police", "Police municipale"
    ANIMATION = "animation", "Animation"
    INCENDIE = "incendie", "Incendie et secours"


class NatureCertification(Labeled):
    DIPLOME = "diplome", "Diplôme"
    TITRE = "titre", "Titre professionnel"
    CQP = "cqp", "Certificat de qualification professionnelle"
    # A Certificat Voltaire, a TOEIC: neither a diplôme, a titre nor a CQP.
    AUTRE = "autre", "Autre certificat"


class VoieCertification(Labeled):
    FORMATION_CONTINUE = "formation_continue", "Formation continue"
    VAE = "vae", "Validation des acquis de l'expérience (VAE)"


class NatureBilan(Labeled):
    BILAN = "bilan", "Bilan de compétences"
    VAE = "vae", "Validation des acquis de l'expérience (VAE)"


class NatureConcours(Labeled):
    EXTERNE = "externe", "Concours externe"
    INTERNE = "interne", "Concours interne"
    TROISIEME_VOIE = "troisieme_voie", "Concours de troisième voie"
    EXAMEN = "examen", "Examen professionnel"
    REP = "rep", "Reconnaissance de l'expérience professionnelle (REP)"


class ResultatConcours(Labeled):
    ADMIS = "admis", "Admis(e)"
    ADMISSIBLE = "admissible", "Admissible"
    NON_ADMIS = "non_admis", "Non admis(e)"
    EN_COURS = "en_cours", "En cours"


class NatureActivite(Labeled):
    BENEVOLAT = "benevolat", "Bénévolat associatif"
    MANDAT_ELECTIF = "mandat_electif", "Mandat électif"
    MANDAT_SYNDICAL = "mandat_syndical", "Mandat syndical"
    AUTRE = "autre", "Autre activité"
