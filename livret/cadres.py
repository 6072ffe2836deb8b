"""The cadres d'emplois of the fonction publique territoriale and their grades, as data.

Source: the statuts particuliers of each cadre d'emplois, the décret named beside it
(Légifrance, consolidated versions; grades as those décrets list them, cadres placed in
extinction left out; the auxiliaires de puériculture and de soins in catégorie B since
2022). Transcribed by hand, not generated: an HR reader should check it against Légifrance
before a release (a wording, a décret's number), and the agent may always keep an answer of
their own. Licence: the décrets are
public law, free of rights.

A cadre fills the catégorie and the filière of the fiche d'identité; its grades are what
the grade question offers.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Cadre:
    nom: str
    # Codes of ``livret.enums.Categorie`` and ``livret.enums.Filiere``.
    categorie: str
    filiere: str
    grades: tuple[str, ...]
    decret: str
    # Other names people type for it ("ATSEM").
    aliases: tuple[str, ...] = ()


def _cadre(
    nom: str,
    categorie: str,
    filiere: str,
    decret: str,
    *grades: str,
    aliases: tuple[str, ...] = (),
) -> Cadre:
    return Cadre(nom, categorie, filiere, grades, decret, aliases)


_P2, _P1 = "principal de 2e classe", "principal de 1re classe"


def _c_grades(base: str) -> tuple[str, str, str]:
    """The three grades of most cadres of catégorie C (and B): base, principal 2e, 1re."""
    return (base, f"{base} {_P2}", f"{base} {_P1}")


CADRES: tuple[Cadre, ...] = (
    # ---- filière administrative
    _cadre(
        "Administrateurs territoriaux",
        "A",
        "administrative",
        "décret n° 87-1097 du 30 décembre 1987",
        "Administrateur territorial",
        "Administrateur territorial hors classe",
        "Administrateur territorial général",
    ),
    _cadre(
        "Attachés territoriaux",
        "A",
        "administrative",
        "décret n° 87-1099 du 30 décembre 1987",
        "Attaché territorial",
        "Attaché territorial principal",
        "Attaché territorial hors classe",
    ),
    _cadre(
        "Rédacteurs territoriaux",
        "B",
        "administrative",
        "décret n° 2012-924 du 30 juillet 2012",
        *_c_grades("Rédacteur"),
    ),
    _cadre(
        "Adjoints administratifs territoriaux",
        "C",
        "administrative",
        "décret n° 2006-1690 du 22 décembre 2006",
        *_c_grades("Adjoint administratif"),
    ),
    # ---- filière technique
    _cadre(
        "Ingénieurs en chef territoriaux",
        "A",
        "technique",
        "décret n° 2016-200 du 26 février 2016",
        "Ingénieur en chef",
        "Ingénieur en chef hors classe",
        "Ingénieur général",
    ),
    _cadre(
        "Ingénieurs territoriaux",
        "A",
        "technique",
        "décret n° 2016-201 du 26 février 2016",
        "Ingénieur",
        "Ingénieur principal",
        "Ingénieur hors classe",
    ),
    _cadre(
        "Techniciens territoriaux",
        "B",
        "technique",
        "décret n° 2010-1357 du 9 novembre 2010",
        *_c_grades("Technicien"),
    ),
    _cadre(
        "Agents de maîtrise territoriaux",
        "C",
        "technique",
        "décret n° 88-547 du 6 mai 1988",
        "Agent de maîtrise",
        "Agent de maîtrise principal",
    ),
    _cadre(
        "Adjoints techniques territoriaux",
        "C",
        "technique",
        "décret n° 2006-1691 du 22 décembre 2006",
        *_c_grades("Adjoint technique"),
    ),
    _cadre(
        "Adjoints techniques territoriaux des établissements d'enseignement",
        "C",
        "technique",
        "décret n° 2007-913 du 15 mai 2007",
        *_c_grades("Adjoint technique des établissements d'enseignement"),
    ),
    # ---- filière culturelle
    _cadre(
        "Conservateurs territoriaux du patrimoine",
        "A",
        "culturelle",
        "décret n° 91-839 du 2 septembre 1991",
        "Conservateur du patrimoine",
        "Conservateur en chef du patrimoine",
    ),
    _cadre(
        "Conservateurs territoriaux de bibliothèques",
        "A",
        "culturelle",
        "décret n° 91-841 du 2 septembre 1991",
        "Conservateur de bibliothèques",
        "Conservateur en chef de bibliothèques",
    ),
    _cadre(
        "Attachés territoriaux de conservation du patrimoine",
        "A",
        "culturelle",
        "décret n° 91-843 du 2 septembre 1991",
        "Attaché de conservation du patrimoine",
        "Attaché principal de conservation du patrimoine",
    ),
    _cadre(
        "Bibliothécaires territoriaux",
        "A",
        "culturelle",
        "décret n° 91-845 du 2 septembre 1991",
        "Bibliothécaire",
        "Bibliothécaire principal",
    ),
    _cadre(
        "Directeurs d'établissements territoriaux d'enseignement artistique",
        "A",
        "culturelle",
        "décret n° 91-855 du 2 septembre 1991",
        "Directeur d'établissement d'enseignement artistique de 2e catégorie",
        "Directeur d'établissement d'enseignement artistique de 1re catégorie",
    ),
    _cadre(
        "Professeurs territoriaux d'enseignement artistique",
        "A",
        "culturelle",
        "décret n° 91-857 du 2 septembre 1991",
        "Professeur d'enseignement artistique de classe normale",
        "Professeur d'enseignement artistique hors classe",
    ),
    _cadre(
        "Assistants territoriaux de conservation du patrimoine et des bibliothèques",
        "B",
        "culturelle",
        "décret n° 2011-1642 du 23 novembre 2011",
        *_c_grades("Assistant de conservation"),
    ),
    _cadre(
        "Assistants territoriaux d'enseignement artistique",
        "B",
        "culturelle",
        "décret n° 2012-437 du 29 mars 2012",
        *_c_grades("Assistant d'enseignement artistique"),
    ),
    _cadre(
        "Adjoints territoriaux du patrimoine",
        "C",
        "culturelle",
        "décret n° 2006-1692 du 22 décembre 2006",
        *_c_grades("Adjoint du patrimoine"),
    ),
    # ---- filière sportive
    _cadre(
        "Conseillers territoriaux des activités physiques et sportives",
        "A",
        "sportive",
        "décret n° 92-364 du 1er avril 1992",
        "Conseiller des activités physiques et sportives",
        "Conseiller principal des activités physiques et sportives",
        aliases=("CTAPS",),
    ),
    _cadre(
        "Éducateurs territoriaux des activités physiques et sportives",
        "B",
        "sportive",
        "décret n° 2011-605 du 30 mai 2011",
        *_c_grades("Éducateur des activités physiques et sportives"),
        aliases=("ETAPS",),
    ),
    _cadre(
        "Opérateurs territoriaux des activités physiques et sportives",
        "C",
        "sportive",
        "décret n° 92-368 du 1er avril 1992",
        "Opérateur des activités physiques et sportives",
        "Opérateur qualifié des activités physiques et sportives",
        "Opérateur principal des activités physiques et sportives",
        aliases=("OTAPS",),
    ),
    # ---- filière sociale
    _cadre(
        "Conseillers territoriaux socio-éducatifs",
        "A",
        "sociale",
        "décret n° 2013-489 du 10 juin 2013",
        "Conseiller socio-éducatif",
        "Conseiller supérieur socio-éducatif",
        "Conseiller hors classe socio-éducatif",
    ),
    _cadre(
        "Assistants territoriaux socio-éducatifs",
        "A",
        "sociale",
        "décret n° 2017-901 du 9 mai 2017",
        "Assistant socio-éducatif",
        "Assistant socio-éducatif de classe exceptionnelle",
    ),
    _cadre(
        "Éducateurs territoriaux de jeunes enfants",
        "A",
        "sociale",
        "décret n° 2017-902 du 9 mai 2017",
        "Éducateur de jeunes enfants",
        "Éducateur de jeunes enfants de classe exceptionnelle",
        aliases=("EJE",),
    ),
    _cadre(
        "Moniteurs-éducateurs et intervenants familiaux territoriaux",
        "B",
        "sociale",
        "décret n° 2013-491 du 10 juin 2013",
        "Moniteur-éducateur et intervenant familial",
        "Moniteur-éducateur et intervenant familial principal",
    ),
    _cadre(
        "Agents territoriaux spécialisés des écoles maternelles",
        "C",
        "sociale",
        "décret n° 92-850 du 28 août 1992",
        "Agent spécialisé principal de 2e classe des écoles maternelles",
        "Agent spécialisé principal de 1re classe des écoles maternelles",
        aliases=("ATSEM",),
    ),
    _cadre(
        "Agents sociaux territoriaux",
        "C",
        "sociale",
        "décret n° 92-849 du 28 août 1992",
        *_c_grades("Agent social"),
    ),
    # ---- filière médico-sociale
    _cadre(
        "Médecins territoriaux",
        "A",
        "medico_sociale",
        "décret n° 92-851 du 28 août 1992",
        "Médecin de 2e classe",
        "Médecin de 1re classe",
        "Médecin hors classe",
    ),
    _cadre(
        "Psychologues territoriaux",
        "A",
        "medico_sociale",
        "décret n° 92-853 du 28 août 1992",
        "Psychologue de classe normale",
        "Psychologue hors classe",
    ),
    _cadre(
        "Sages-femmes territoriales",
        "A",
        "medico_sociale",
        "décret n° 92-855 du 28 août 1992",
        "Sage-femme de classe normale",
        "Sage-femme hors classe",
    ),
    _cadre(
        "Cadres territoriaux de santé paramédicaux",
        "A",
        "medico_sociale",
        "décret n° 2016-336 du 21 mars 2016",
        "Cadre de santé",
        "Cadre supérieur de santé",
    ),
    _cadre(
        "Puéricultrices territoriales",
        "A",
        "medico_sociale",
        "décret n° 2014-923 du 18 août 2014",
        "Puéricultrice de classe normale",
        "Puéricultrice hors classe",
    ),
    _cadre(
        "Infirmiers territoriaux en soins généraux",
        "A",
        "medico_sociale",
        "décret n° 2012-1420 du 18 décembre 2012",
        "Infirmier en soins généraux de classe normale",
        "Infirmier en soins généraux de classe supérieure",
        "Infirmier en soins généraux hors classe",
    ),
    _cadre(
        "Techniciens paramédicaux territoriaux",
        "B",
        "medico_sociale",
        "décret n° 2013-262 du 27 mars 2013",
        "Technicien paramédical de classe normale",
        "Technicien paramédical de classe supérieure",
    ),
    _cadre(
        "Auxiliaires de puériculture territoriaux",
        "B",
        "medico_sociale",
        "décret n° 2021-1882 du 29 décembre 2021",
        "Auxiliaire de puériculture de classe normale",
        "Auxiliaire de puériculture de classe supérieure",
    ),
    _cadre(
        "Auxiliaires de soins territoriaux",
        "B",
        "medico_sociale",
        "décret n° 2021-1881 du 29 décembre 2021",
        "Auxiliaire de soins de classe normale",
        "Auxiliaire de soins de classe supérieure",
    ),
    # ---- filière médico-technique
    _cadre(
        "Biologistes, vétérinaires et pharmaciens territoriaux",
        "A",
        "medico_technique",
        "décret n° 92-867 du 28 août 1992",
        "Biologiste, vétérinaire et pharmacien de classe normale",
        "Biologiste, vétérinaire et pharmacien hors classe",
        "Biologiste, vétérinaire et pharmacien de classe exceptionnelle",
    ),
    # ---- filière police municipale
    _cadre(
        "Directeurs de police municipale",
        "A",
        "police",
        "décret n° 2006-1392 du 17 novembre 2006",
        "Directeur de police municipale",
        "Directeur principal de police municipale",
    ),
    _cadre(
        "Chefs de service de police municipale",
        "B",
        "police",
        "décret n° 2011-444 du 21 avril 2011",
        "Chef de service de police municipale",
        "Chef de service de police municipale principal de 2e classe",
        "Chef de service de police municipale principal de 1re classe",
    ),
    _cadre(
        "Agents de police municipale",
        "C",
        "police",
        "décret n° 2006-1391 du 17 novembre 2006",
        "Gardien-brigadier",
        "Brigadier-chef principal",
    ),
    _cadre(
        "Gardes champêtres",
        "C",
        "police",
        "décret n° 94-731 du 24 août 1994",
        "Garde champêtre chef",
        "Garde champêtre chef principal",
    ),
    # ---- filière animation
    _cadre(
        "Animateurs territoriaux",
        "B",
        "animation",
        "décret n° 2011-558 du 20 mai 2011",
        *_c_grades("Animateur"),
    ),
    _cadre(
        "Adjoints territoriaux d'animation",
        "C",
        "animation",
        "décret n° 2006-1693 du 22 décembre 2006",
        *_c_grades("Adjoint d'animation"),
    ),
    # ---- filière incendie et secours (sapeurs-pompiers professionnels)
    _cadre(
        "Capitaines, commandants, lieutenants-colonels et colonels de sapeurs-pompiers "
        "professionnels",
        "A",
        "incendie",
        "décret n° 2016-2002 du 30 décembre 2016",
        "Capitaine",
        "Commandant",
        "Lieutenant-colonel",
        "Colonel",
    ),
    _cadre(
        "Lieutenants de sapeurs-pompiers professionnels",
        "B",
        "incendie",
        "décret n° 2012-522 du 20 avril 2012",
        "Lieutenant de 2e classe",
        "Lieutenant de 1re classe",
        "Lieutenant hors classe",
    ),
    _cadre(
        "Sous-officiers de sapeurs-pompiers professionnels",
        "C",
        "incendie",
        "décret n° 2012-521 du 20 avril 2012",
        "Sergent",
        "Adjudant",
    ),
    _cadre(
        "Sapeurs et caporaux de sapeurs-pompiers professionnels",
        "C",
        "incendie",
        "décret n° 2012-520 du 20 avril 2012",
        "Sapeur",
        "Caporal",
        "Caporal-chef",
    ),
)
