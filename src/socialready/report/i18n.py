"""The report's own words, in every language the report speaks, and locale formatting.

Texts of the questionnaire (questions, options, levels, actions) come from the
questionnaire; everything else the report says is in `CATALOGUE`. Numbers, percentages
and dates are formatted by Babel for the locale.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import NumberPattern, format_percent, parse_pattern

from ..questionnaire import SCALE_TOPS, DisplayScale, LevelBand, on_scale
from ._numbers import ROUND_CEILING, ROUND_FLOOR, rounded

__all__ = ["CATALOGUE", "LANGUAGES", "Words", "language_names"]

LANGUAGES = ("fr", "en")
"""The languages of the report's own words."""

CATALOGUE: dict[str, dict[str, str]] = {
    "report_subtitle_any": {
        "fr": "Diagnostic et plan d’action",
        "en": "Assessment and action plan",
    },
    "no_answer_section": {
        "fr": "Aucune question de cette section n’a reçu de réponse.",
        "en": "No question of this section was answered.",
    },
    "unscored_section": {
        "fr": "Les questions de cette section ne sont pas notées.",
        "en": "The questions of this section are not scored.",
    },
    "staffing_empty": {
        "fr": "La liste des collaborateurs dédiés a été donnée vide.",
        "en": "The list of dedicated staff was given empty.",
    },
    "assessor": {"fr": "Réalisé par", "en": "Assessed by"},
    "date": {"fr": "Date", "en": "Date"},
    "colon": {"fr": "\u00a0: ", "en": ": "},
    "sector": {"fr": "Secteur", "en": "Sector"},
    "size": {"fr": "Effectif", "en": "Head count"},
    "country": {"fr": "Pays", "en": "Country"},
    "employees": {"fr": "{band} salariés", "en": "{band} employees"},
    "overall_score": {"fr": "Score global", "en": "Overall score"},
    "level": {"fr": "Niveau de maturité", "en": "Maturity level"},
    "out_of": {"fr": "{score} sur {top}", "en": "{score} out of {top}"},
    "score_of": {"fr": "{score}/{top}", "en": "{score}/{top}"},
    "no_overall_score": {"fr": "Pas de score global", "en": "No overall score"},
    "contents": {"fr": "Sommaire", "en": "Contents"},
    "summary": {"fr": "Synthèse", "en": "Executive summary"},
    "summary_intro": {
        "fr": "{org} obtient un score global de {score}, soit le niveau «\u00a0{level}\u00a0».",
        "en": "{org} scores {score} overall, which is the “{level}” level.",
    },
    "level_held": {
        "fr": "Niveau maintenu à «\u00a0{level}\u00a0» par\u00a0: {reasons}.",
        "en": "Level held at “{level}” by: {reasons}.",
    },
    "summary_intro_no_score": {
        "fr": "{org} n’a pas de score global\u00a0: aucune question notée n’a reçu de réponse.",
        "en": "{org} has no overall score: no scored question was answered.",
    },
    "strengths": {"fr": "Points forts", "en": "Strengths"},
    "weaknesses": {"fr": "Points à renforcer", "en": "Areas to strengthen"},
    "in_between": {"fr": "Entre les deux", "en": "In between"},
    "no_strength": {
        "fr": "Aucune dimension n’atteint {threshold}.",
        "en": "No dimension reaches {threshold}.",
    },
    "no_weakness": {
        "fr": "Aucune dimension n’est sous {threshold}.",
        "en": "No dimension is below {threshold}.",
    },
    "area_thresholds": {
        "fr": "Point fort\u00a0: {strong} ou plus\u202f; point à renforcer\u00a0: moins de {weak}.",
        "en": "Strength: {strong} or more; area to strengthen: below {weak}.",
    },
    "top_actions": {"fr": "Actions prioritaires", "en": "Priority actions"},
    "scores": {"fr": "Scores", "en": "Scores"},
    "scores_intro": {
        "fr": "Chaque score va de {low} à {top}. Il combine les réponses selon le poids de chaque question.",
        "en": "Each score runs from {low} to {top} and combines the answers by the weight of each question.",
    },
    "scores_intro_mixed": {
        "fr": "Chaque score combine les réponses selon le poids de chaque question\u202f; il est donné sur son échelle\u00a0: {scales}.",
        "en": "Each score combines the answers by the weight of each question, on its own scale: {scales}.",
    },
    "scale_of": {"fr": "{what} de {low} à {top}", "en": "{what} from {low} to {top}"},
    "scores_overall": {"fr": "score global", "en": "overall score"},
    "scores_steps": {"fr": "étapes", "en": "steps"},
    "scores_sections": {"fr": "rubriques", "en": "sections"},
    "scores_dimensions": {"fr": "dimensions", "en": "dimensions"},
    "levels_by_step": {"fr": "Niveaux par étape", "en": "Levels by step"},
    "levels_by_section": {"fr": "Niveaux par rubrique", "en": "Levels by section"},
    "levels_by_dimension": {"fr": "Niveaux par dimension", "en": "Levels by dimension"},
    "score": {"fr": "Score", "en": "Score"},
    "by_step": {"fr": "Par étape", "en": "By step"},
    "by_dimension": {"fr": "Par dimension", "en": "By dimension"},
    "by_section": {"fr": "Par rubrique", "en": "By section"},
    "step_n": {"fr": "Étape {n}", "en": "Step {n}"},
    "found_strong": {"fr": "Acquis", "en": "Already in place"},
    "found_weak": {"fr": "À travailler", "en": "To work on"},
    "no_finding": {"fr": "Aucun constat marquant.", "en": "Nothing stands out."},
    "step_synthesis": {"fr": "En bref", "en": "In short"},
    "step_no_score": {
        "fr": "Aucune question notée de cette étape n’a reçu de réponse\u00a0: elle n’a pas de score.",
        "en": "No scored question of this step was answered: it has no score.",
    },
    "step_level": {
        "fr": "Avec {score}, cette étape atteint le niveau {number} sur {count} de son échelle, «\u00a0{level}\u00a0».",
        "en": "At {score}, this step reaches level {number} of {count} on its scale, “{level}”.",
    },
    "step_score": {
        "fr": "Cette étape obtient {score}.",
        "en": "This step scores {score}.",
    },
    "step_sections": {
        "fr": "Sa rubrique la plus solide est «\u00a0{best}\u00a0» ({best_score})\u202f; la plus fragile, «\u00a0{worst}\u00a0» ({worst_score}).",
        "en": "Its strongest section is “{best}” ({best_score}); its weakest, “{worst}” ({worst_score}).",
    },
    "step_answers": {
        "fr": "Sur ses {count} réponses notées, {weak} et {strong}\u202f; toutes figurent en annexe.",
        "en": "Of its {count} scored answers, {weak} and {strong}; all are in the appendix.",
    },
    "step_answer_weak": {
        "fr": "Sa seule réponse notée est à travailler.",
        "en": "Its one scored answer needs work.",
    },
    "step_answer_strong": {
        "fr": "Sa seule réponse notée est acquise.",
        "en": "Its one scored answer is in place.",
    },
    "step_answer_middle": {
        "fr": "Sa seule réponse notée est à mi-chemin\u00a0; elle figure en annexe.",
        "en": "Its one scored answer is halfway there; it is in the appendix.",
    },
    "step_weak_none": {"fr": "aucune n’est à travailler", "en": "none needs work"},
    "step_weak_one": {"fr": "une est à travailler", "en": "one needs work"},
    "step_weak_many": {"fr": "{count} sont à travailler", "en": "{count} need work"},
    "step_strong_none": {"fr": "aucune n’est encore acquise", "en": "none is in place yet"},
    "step_strong_one": {"fr": "une est acquise", "en": "one is in place"},
    "step_strong_many": {"fr": "{count} sont acquises", "en": "{count} are in place"},
    "step_actions_none": {
        "fr": "Aucune action du plan ne porte sur cette étape.",
        "en": "No action of the plan concerns this step.",
    },
    "step_actions_one": {
        "fr": "Une action du plan porte sur cette étape.",
        "en": "One action of the plan concerns this step.",
    },
    "step_actions_one_high_one": {
        "fr": "Une action du plan porte sur cette étape, de priorité haute.",
        "en": "One action of the plan concerns this step, of high priority.",
    },
    "step_actions_many": {
        "fr": "{count} actions du plan portent sur cette étape.",
        "en": "{count} actions of the plan concern this step.",
    },
    "step_actions_many_high_one": {
        "fr": "{count} actions du plan portent sur cette étape, dont une de priorité haute.",
        "en": "{count} actions of the plan concern this step, one of them of high priority.",
    },
    "step_actions_many_high": {
        "fr": "{count} actions du plan portent sur cette étape, dont {high} de priorité haute.",
        "en": "{count} actions of the plan concern this step, {high} of them of high priority.",
    },
    "question": {"fr": "Question", "en": "Question"},
    "answer": {"fr": "Réponse", "en": "Answer"},
    "points": {"fr": "Points", "en": "Points"},
    "note": {"fr": "Note de l’évaluateur", "en": "Assessor’s note"},
    "evidence": {"fr": "Preuve", "en": "Evidence"},
    "action_plan": {"fr": "Plan d’action", "en": "Action plan"},
    "action_plan_intro_one": {
        "fr": "Une action. Elle indique le service qui la porte, l’échéance et ce qui l’a déclenchée.",
        "en": "One action. It names the department that owns it, the horizon and what triggered it.",
    },
    "action_plan_intro": {
        "fr": "{count} actions, classées par priorité. Chacune indique le service qui la porte, l’échéance et ce qui l’a déclenchée.",
        "en": "{count} actions, by priority. Each names the department that owns it, the horizon and what triggered it.",
    },
    "no_action": {"fr": "Aucune action n’est nécessaire.", "en": "No action is needed."},
    "priority_high": {"fr": "Priorité haute", "en": "High priority"},
    "priority_medium": {"fr": "Priorité moyenne", "en": "Medium priority"},
    "priority_low": {"fr": "Priorité basse", "en": "Low priority"},
    "owner": {"fr": "Porteur", "en": "Owner"},
    "owner_to_designate": {"fr": "Porteur à désigner", "en": "Owner to be named"},
    "horizon": {"fr": "Échéance", "en": "Horizon"},
    "horizon_now": {"fr": "Sous un mois", "en": "Within a month"},
    "horizon_quarter": {"fr": "Sous trois mois", "en": "Within three months"},
    "horizon_year": {"fr": "Sous un an", "en": "Within a year"},
    "because": {"fr": "Pourquoi\u00a0:", "en": "Why:"},
    "effort": {"fr": "Effort", "en": "Effort"},
    "effort_small": {"fr": "Léger", "en": "Small"},
    "effort_medium": {"fr": "Moyen", "en": "Medium"},
    "effort_large": {"fr": "Important", "en": "Large"},
    "gain": {
        "fr": "Gain attendu\u00a0: {gain} au score global",
        "en": "Expected gain: {gain} on the overall score",
    },
    "gain_dimensions": {"fr": "dont {dimensions}", "en": "of which {dimensions}"},
    "gain_benefit": {"fr": "Gain attendu\u00a0: {benefit}", "en": "Expected gain: {benefit}"},
    "gain_none": {
        "fr": "Gain attendu\u00a0: aucun sur le score (les réponses auxquelles mène cette action sont déjà données, ou ne comptent pas)",
        "en": "Expected gain: none on the score (the answers this action leads to are already given, or do not count)",
    },
    "gain_lifts": {
        "fr": "lève ce qui maintient le niveau\u00a0: {reasons}",
        "en": "lifts what holds the level: {reasons}",
    },
    "after": {"fr": "Après\u00a0: {titles}", "en": "After: {titles}"},
    "path_title": {"fr": "Pour atteindre le niveau suivant", "en": "The way to the next level"},
    "path_one": {
        "fr": "Cette action vous amène au niveau «\u00a0{level}\u00a0» (score attendu\u00a0: {score} sur 100)\u00a0:",
        "en": "This action takes you to “{level}” (expected score: {score} out of 100):",
    },
    "path_many": {
        "fr": "Ces {count} actions vous amènent au niveau «\u00a0{level}\u00a0» (score attendu\u00a0: {score} sur 100)\u00a0:",
        "en": "These {count} actions take you to “{level}” (expected score: {score} out of 100):",
    },
    "path_short": {
        "fr": "Même ensemble, les actions chiffrées ne suffisent pas pour atteindre le niveau «\u00a0{level}\u00a0»\u00a0: elles mènent à {score} sur 100.",
        "en": "Even together, the actions with a gain in points do not reach “{level}”: they lead to {score} out of 100.",
    },
    "path_rule": {
        "fr": "Retenues par gain attendu par unité d’effort (léger\u00a0: 1, moyen\u00a0: 2, important\u00a0: 4), la plus rentable d’abord, jusqu’à atteindre le niveau\u202f; le gain de chaque action est calculé en notant à nouveau les réponses qu’elle fait changer.",
        "en": "Chosen by expected gain per unit of effort (small: 1, medium: 2, large: 4), the best first, until the level is reached; each action’s gain comes from scoring again the answers it changes.",
    },
    "roadmap": {"fr": "Feuille de route", "en": "Roadmap"},
    "roadmap_intro": {
        "fr": "Le plan d’action daté à partir du {date}\u00a0: chaque action dans la période de son échéance, ou dans une période plus tardive quand elle dépend d’une autre action du plan. Les numéros sont ceux du plan d’action.",
        "en": "The action plan dated from {date}: each action in the period of its horizon, or in a later one when it depends on another action of the plan. The numbers are those of the action plan.",
    },
    "stage_days_30": {"fr": "30 premiers jours", "en": "First 30 days"},
    "stage_days_90": {"fr": "À 90 jours", "en": "By 90 days"},
    "stage_months_6": {"fr": "À 6 mois", "en": "By 6 months"},
    "stage_months_12": {"fr": "À 12 mois", "en": "By 12 months"},
    "stage_dates": {"fr": "jusqu’au {end}", "en": "until {end}"},
    "stage_empty": {"fr": "Aucune action", "en": "No action"},
    "effort_impact": {"fr": "Effort et impact", "en": "Effort and impact"},
    "effort_impact_intro": {
        "fr": "Chaque action chiffrée, selon l’effort qu’elle demande et le gain attendu sur le score global. En haut à gauche, les gains rapides.",
        "en": "Each action with a gain in points, by the effort it takes and its expected gain on the overall score. Top left: the quick wins.",
    },
    "impact_axis": {"fr": "Gain attendu (points)", "en": "Expected gain (points)"},
    "reason_answer": {"fr": "{question} — {answer}", "en": "{question} — {answer}"},
    "reason_score_below": {
        "fr": "Score «\u00a0{subject}\u00a0»\u00a0: {score} (sous le seuil de {threshold})",
        "en": "“{subject}” score: {score} (below {threshold})",
    },
    "reason_score_at_least": {
        "fr": "Score «\u00a0{subject}\u00a0»\u00a0: {score} (au moins {threshold})",
        "en": "“{subject}” score: {score} (at least {threshold})",
    },
    "reason_overall_below": {
        "fr": "Score global\u00a0: {score} (sous le seuil de {threshold})",
        "en": "Overall score: {score} (below {threshold})",
    },
    "reason_overall_at_least": {
        "fr": "Score global\u00a0: {score} (au moins {threshold})",
        "en": "Overall score: {score} (at least {threshold})",
    },
    "reason_staffing": {
        "fr": "Constat de la liste des collaborateurs dédiés",
        "en": "Found in the list of dedicated staff",
    },
    "not_answered": {"fr": "sans réponse", "en": "not answered"},
    "overall": {"fr": "global", "en": "overall"},
    "staffing": {"fr": "Équipe dédiée", "en": "Dedicated staff"},
    "staffing_intro": {
        "fr": "Qui fait quoi\u00a0: R réalise, A est responsable final, C est consulté, I est informé.",
        "en": "Who does what: R is responsible, A accountable, C consulted, I informed.",
    },
    "staffing_none": {
        "fr": "La liste des collaborateurs dédiés n’a pas été renseignée : l’équipe n’a pas"
        " pu être évaluée, et aucun manque n’est signalé faute de la connaître.",
        "en": "The list of dedicated staff was not given, so the staffing could not be"
        " assessed: no gap is reported because none could be looked for.",
    },
    "responsibility": {"fr": "Responsabilité", "en": "Responsibility"},
    "person": {"fr": "Personne", "en": "Person"},
    "department": {"fr": "Service", "en": "Department"},
    "time_share": {"fr": "Temps consacré", "en": "Time spent"},
    "gaps": {"fr": "Manques relevés", "en": "Gaps found"},
    "gaps_none": {"fr": "aucun manque relevé", "en": "no gap found"},
    "gaps_one": {"fr": "1 manque relevé", "en": "1 gap found"},
    "gaps_many": {"fr": "{count} manques relevés", "en": "{count} gaps found"},
    "no_gap": {"fr": "Aucun manque relevé.", "en": "No gap found."},
    "gap_no_owner": {
        "fr": "Aucun responsable final pour «\u00a0{responsibility}\u00a0»",
        "en": "No accountable owner for “{responsibility}”",
    },
    "gap_several_owners": {
        "fr": "Plusieurs responsables finaux pour «\u00a0{responsibility}\u00a0»\u00a0: {people}",
        "en": "Several accountable owners for “{responsibility}”: {people}",
    },
    "gap_no_backup": {
        "fr": "Pas de suppléant pour «\u00a0{responsibility}\u00a0»\u00a0: une seule personne, {people}",
        "en": "No backup for “{responsibility}”: one person only, {people}",
    },
    "gap_overloaded": {
        "fr": "{people} consacrerait {share} de son temps aux réseaux sociaux",
        "en": "{people} would spend {share} of their time on social networks",
    },
    "gap_idle_department": {
        "fr": "Le service «\u00a0{department}\u00a0» est impliqué mais personne n’y tient de rôle",
        "en": "The {department} department is involved but nobody there holds a role",
    },
    "references": {"fr": "Repères", "en": "Benchmarks"},
    "references_intro": {
        "fr": "Chiffres publiés, à mettre en regard de votre situation.",
        "en": "Published figures, beside your own situation.",
    },
    "figure": {"fr": "Chiffre de référence", "en": "Reference figure"},
    "you": {"fr": "Votre organisation", "en": "Your organisation"},
    "source": {"fr": "Source", "en": "Source"},
    "figure_year": {"fr": "chiffre de {year}", "en": "figure for {year}"},
    "figure_about_year": {"fr": "chiffre de {year} environ", "en": "figure for about {year}"},
    "figure_dataset": {"fr": "jeu de données {code}", "en": "dataset {code}"},
    "yes": {"fr": "Oui", "en": "Yes"},
    "no": {"fr": "Non", "en": "No"},
    "among_them": {"fr": "Oui, vous en faites partie", "en": "Yes, you are among them"},
    "not_among_them": {
        "fr": "Non, vous n’en faites pas partie",
        "en": "No, you are not among them",
    },
    "progress": {
        "fr": "Progrès depuis le dernier diagnostic",
        "en": "Progress since the last assessment",
    },
    "progress_intro": {
        "fr": "Par rapport au diagnostic du {before}\u00a0: niveau «\u00a0{level_before}\u00a0» puis «\u00a0{level_after}\u00a0».",
        "en": "Compared with the assessment of {before}: from the “{level_before}” level to “{level_after}”.",
    },
    "progress_intro_same": {
        "fr": "Par rapport au diagnostic du {before}\u00a0: le niveau reste «\u00a0{level_after}\u00a0».",
        "en": "Compared with the assessment of {before}: the level is still “{level_after}”.",
    },
    "before": {"fr": "Avant", "en": "Before"},
    "now": {"fr": "Maintenant", "en": "Now"},
    "change": {"fr": "Évolution", "en": "Change"},
    "closed_actions": {
        "fr": "Actions qui ne sont plus nécessaires",
        "en": "Actions no longer needed",
    },
    "new_actions": {"fr": "Nouvelles actions", "en": "New actions"},
    "none": {"fr": "Aucune.", "en": "None."},
    "cohort": {
        "fr": "Comparaison avec les autres organisations",
        "en": "Compared with other organisations",
    },
    "cohort_intro": {
        "fr": "Votre score, face à la médiane et aux quartiles de {count} organisations évaluées avec le même questionnaire. Le rang indique la part de ces organisations qui font moins bien.",
        "en": "Your score against the median and quartiles of {count} organisations assessed with the same questionnaire. The rank is the share of them that score lower.",
    },
    "area": {"fr": "Domaine", "en": "Area"},
    "cohort_overview_title": {
        "fr": "Vue d’ensemble de {count} organisations",
        "en": "Overview of {count} organisations",
    },
    "cohort_overview_title_one": {
        "fr": "Vue d’ensemble d’une organisation",
        "en": "Overview of one organisation",
    },
    "cohort_overview_intro": {
        "fr": "{count} organisations évaluées avec le questionnaire «\u00a0{questionnaire}\u00a0», du {first} au {last}.",
        "en": "{count} organisations assessed with the “{questionnaire}” questionnaire, from {first} to {last}.",
    },
    "cohort_overview_intro_one_day": {
        "fr": "{count} organisations évaluées avec le questionnaire «\u00a0{questionnaire}\u00a0», le {first}.",
        "en": "{count} organisations assessed with the “{questionnaire}” questionnaire on {first}.",
    },
    "cohort_overview_intro_one": {
        "fr": "Une organisation évaluée avec le questionnaire «\u00a0{questionnaire}\u00a0», le {first}.",
        "en": "One organisation assessed with the “{questionnaire}” questionnaire on {first}.",
    },
    "scored_count": {"fr": "Notées", "en": "Scored"},
    "no_score": {"fr": "Sans score", "en": "No score"},
    "actions_shown": {
        "fr": "{shown} des {total} actions proposées à la cohorte, les plus fréquentes d’abord.",
        "en": "{shown} of the {total} actions proposed to the cohort, the most frequent first.",
    },
    "lowest": {"fr": "Minimum", "en": "Lowest"},
    "highest": {"fr": "Maximum", "en": "Highest"},
    "frequent_actions": {"fr": "Actions les plus fréquentes", "en": "Most frequent actions"},
    "organisations": {"fr": "Organisations", "en": "Organisations"},
    "organisation": {"fr": "Organisation", "en": "Organisation"},
    "your_score": {"fr": "Votre score", "en": "Your score"},
    "median": {"fr": "Médiane", "en": "Median"},
    "middle_half": {"fr": "Moitié centrale", "en": "Middle half"},
    "rank": {"fr": "Rang (sur 100)", "en": "Rank (of 100)"},
    "completeness": {"fr": "Complétude", "en": "Completeness"},
    "completeness_intro": {
        "fr": "{answered} questions applicables sur {applicable} ont reçu une réponse ({share}).",
        "en": "{answered} of {applicable} applicable questions were answered ({share}).",
    },
    "completeness_intro_draft": {
        "fr": "Ce rapport est un projet : {answered} questions applicables sur {applicable}"
        " ont reçu une réponse ({share}) ; celles qui restent à poser sont listées ci-dessous.",
        "en": "This report is a draft: {answered} of {applicable} applicable questions were"
        " answered ({share}); those left to ask are listed below.",
    },
    "draft": {"fr": "Projet", "en": "Draft"},
    "unanswered_questions": {"fr": "Questions sans réponse", "en": "Unanswered questions"},
    "completeness_all": {
        "fr": "Les {applicable} questions applicables ont toutes reçu une réponse ({share}).",
        "en": "All {applicable} applicable questions were answered ({share}).",
    },
    "method": {"fr": "Méthode et périmètre", "en": "Method and scope"},
    "scale": {"fr": "Échelle de maturité", "en": "Maturity scale"},
    "scale_caption": {
        "fr": "«\u00a0{level}\u00a0» est le niveau {number} sur {count}\u202f; le niveau suivant, «\u00a0{next}\u00a0», commence à {threshold}, {points} plus haut.",
        "en": "“{level}” is level {number} of {count}; the next level, “{next}”, starts at {threshold}, {points} higher.",
    },
    "scale_caption_above": {
        "fr": "«\u00a0{level}\u00a0» est le niveau {number} sur {count}\u202f; le niveau suivant, «\u00a0{next}\u00a0», commence au-dessus de {threshold}.",
        "en": "“{level}” is level {number} of {count}; the next level, “{next}”, starts above {threshold}.",
    },
    "scale_title_above": {
        "fr": "Échelle de maturité\u00a0: {level}, niveau {number} sur {count}, sous le niveau suivant, {next}",
        "en": "Maturity scale: {level}, level {number} of {count}, just below {next}",
    },
    "scale_caption_top": {
        "fr": "«\u00a0{level}\u00a0» est le niveau {number} sur {count}, le plus élevé de l’échelle.",
        "en": "“{level}” is level {number} of {count}, the highest of the scale.",
    },
    "scale_title": {
        "fr": "Échelle de maturité\u00a0: {level}, niveau {number} sur {count}, à {points} du niveau suivant, {next}",
        "en": "Maturity scale: {level}, level {number} of {count}, {points} below {next}",
    },
    "scale_title_top": {
        "fr": "Échelle de maturité\u00a0: {level}, niveau {number} sur {count}, le plus élevé",
        "en": "Maturity scale: {level}, level {number} of {count}, the highest",
    },
    "points_one": {"fr": "{distance}\u00a0point", "en": "{distance} point"},
    "points_many": {"fr": "{distance}\u00a0points", "en": "{distance} points"},
    "points_under": {"fr": "moins de {distance}\u00a0point", "en": "less than {distance} points"},
    "points_under_down": {
        "fr": "une baisse de moins de {distance}\u00a0point",
        "en": "a drop of less than {distance} points",
    },
    "method_scores": {
        "fr": "Chaque réponse rapporte des points, comme le fixe le questionnaire. Le score d’une"
        " rubrique, d’une étape ou d’une dimension est la moyenne de ses réponses, chacune pesant"
        " selon l’importance de sa question, ramenée sur une échelle de {low} à {top}\u202f; le"
        " score global combine les étapes et situe l’organisation sur l’échelle de maturité.",
        "en": "Each answer earns points as the questionnaire sets them. The score of a section, a"
        " step or a dimension is the average of its answers, each weighted by the importance of"
        " its question, on a scale of {low} to {top}; the overall score combines the steps and"
        " places the organisation on the maturity scale.",
    },
    "method_scores_mixed": {
        "fr": "Chaque réponse rapporte des points, comme le fixe le questionnaire. Le score d’une"
        " rubrique, d’une étape ou d’une dimension est la moyenne de ses réponses, chacune pesant"
        " selon l’importance de sa question, donnée sur son échelle ({scales})\u202f;"
        " le score global combine les étapes et situe l’organisation sur l’échelle de maturité.",
        "en": "Each answer earns points as the questionnaire sets them. The score of a section, a"
        " step or a dimension is the average of its answers, each weighted by the importance of"
        " its question, on the scale of its kind ({scales}); the overall score combines the steps"
        " and places the organisation on the maturity scale.",
    },
    "see_progress": {
        "fr": "Le détail figure au chapitre suivant.",
        "en": "The details are in the next chapter.",
    },
    "see_scale": {"fr": "Voir l’échelle dans la synthèse.", "en": "See the scale in the summary."},
    "method_answered": {
        "fr": "Réponses recueillies par {assessor}\u202f; diagnostic arrêté au {date}.",
        "en": "Answers collected by {assessor}; assessment as of {date}.",
    },
    "method_evidence": {
        "fr": "{count} des {answered} réponses ({share}) s’appuient sur une preuve citée (document, relevé, compteur).",
        "en": "{count} of the {answered} answers ({share}) rest on cited evidence (a document, a record, a count).",
    },
    "method_evidence_none": {
        "fr": "Aucune réponse ne cite de preuve.",
        "en": "No answer cites evidence.",
    },
    "method_limits": {
        "fr": "Limites\u00a0: les réponses sont déclaratives, et seules celles qui citent une preuve"
        " peuvent être vérifiées\u202f; un score situe l’organisation à une date, il ne la mesure"
        " pas au point près.",
        "en": "Limits: the answers are declared, and only those that cite evidence can be checked;"
        " a score places the organisation at a date, it does not measure it to the point.",
    },
    "document": {"fr": "Document", "en": "Document"},
    "document_status": {"fr": "Statut", "en": "Status"},
    "document_version": {"fr": "Version", "en": "Version"},
    "document_contact": {"fr": "Contact", "en": "Contact"},
    "next_assessment": {"fr": "Prochain diagnostic", "en": "Next assessment"},
    "status_draft": {"fr": "Projet", "en": "Draft"},
    "status_final": {"fr": "Version finale", "en": "Final"},
    "questionnaire": {"fr": "Questionnaire", "en": "Questionnaire"},
    "appendix": {"fr": "Annexe\u00a0: réponses complètes", "en": "Appendix: all answers"},
    "not_applicable": {"fr": "sans objet", "en": "not applicable"},
    "condition_false": {"fr": "Non posée", "en": "Not asked"},
    "records": {"fr": "{count} personnes listées", "en": "{count} people listed"},
    "record": {"fr": "Une personne listée", "en": "One person listed"},
    "see_staffing": {
        "fr": "Voir le chapitre «\u00a0Équipe dédiée\u00a0».",
        "en": "See the “Dedicated staff” chapter.",
    },
    "scored_against": {
        "fr": "Établi avec le questionnaire {ref}, empreinte {fingerprint}",
        "en": "Scored against questionnaire {ref}, fingerprint {fingerprint}",
    },
    "confidential": {"fr": "Confidentiel", "en": "Confidential"},
}
"""Every string of the report's own, by key, in every language of `LANGUAGES`."""


Band = tuple[float, float]
"""A range of scores: `from` included, `to` excluded."""

FORMAT_LOCALES = {"en": "en_GB"}
"""The locale that formats dates and numbers of a report language, when not the language."""

_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+(?=:(?:\s|$))")
_FRENCH_SPACES = re.compile(r"[ \u00a0]+(?=[;!?»%])|(?<=«)[ \u00a0]+")


_COUNTS = {
    "fr": ("zéro", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}
"""Counts in words (French in the feminine: they count actions)."""


@lru_cache(maxsize=32)
def _format_locale(lang: str) -> str:
    """The locale of the formats of `lang` (see `Words.locale`)."""
    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return FORMAT_LOCALES["en"]
    return FORMAT_LOCALES.get(lang, lang)


@lru_cache(maxsize=32)
def _babel_locale(name: str) -> Locale:
    """Babel's locale `name`, parsed once."""
    return Locale.parse(name)


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    """A number pattern, parsed once."""
    return parse_pattern(pattern)


@dataclass(frozen=True)
class Words:
    """The catalogue and the formats of one language."""

    lang: str
    typed_in: str | None = None
    """The language of the text the assessor typed, when the responses give it."""

    @property
    def locale(self) -> str:
        """The locale of the formats: the language (British English, as the report's
        spelling), or English when Babel does not know it."""
        return _format_locale(self.lang)

    def typeset(self, text: str) -> str:
        """Text typed by the assessor (notes, evidence, free answers), in the language it is
        written in (`typed_in`, else the report's); in French, with the spaces that French
        puts before `; ! ? : » %` and after `«` made unbreakable (a run of them becomes one),
        so that a line never starts with one of these signs; nothing else changes: no space
        is added where the assessor put none, line breaks and tabs stay."""
        if (self.typed_in or self.lang) != "fr":
            return text
        text = _BEFORE_COLON.sub("\u00a0", text)
        return _FRENCH_SPACES.sub("\u202f", text)

    def __call__(self, key: str, **values: object) -> str:
        """The text of `key`, with `{placeholders}` filled (in English for a language
        the catalogue does not speak)."""
        texts = CATALOGUE[key]
        text = texts.get(self.lang) or texts["en"]
        return text.format(**values) if values else text

    def number(self, value: float | Decimal, digits: int = 0, fixed: int = 0) -> str:
        """A number in the locale (`56,4` in French), with at most `digits` decimals,
        rounded half up (`0,25` → `0,3`; see `._numbers`), and at least `fixed`
        (`1,00`)."""
        shown = rounded(value, digits)
        fixed = min(fixed, digits)
        pattern = "#,##0" + ("." + "0" * fixed + "#" * (digits - fixed) if digits else "")
        # Babel's format_decimal, with the locale and the pattern parsed once (a report
        # prints some 300 numbers)
        return str(_pattern(pattern).apply(shown, _babel_locale(self.locale)))

    def shown_score(self, value: float, band: Band | None = None) -> Decimal:
        """The value of a score as the report prints it: a whole number, rounded half up.

        `band` is the range the score lies in, `(from, to)` with `from` included and
        `to` excluded — the band of its maturity level, or one side of a threshold it was
        compared with. When the whole number would fall outside the band (59.6 shown as 60
        beside a level that ends at 60), the score gets one decimal, rounded toward the band
        (`59.6`; 59.96 is `59.9`), so that what is printed agrees with what was decided.
        """
        shown = rounded(value)
        if band is None or band[0] <= shown < band[1]:
            return shown
        return rounded(value, 1, ROUND_FLOOR if shown >= band[1] else ROUND_CEILING)

    def score(self, value: float | None, band: Band | None = None) -> str:
        """A score out of 100 as `shown_score` gives it, in the locale, or a dash."""
        if value is None:
            return "–"
        shown = self.shown_score(value, band)
        return self.number(shown, -int(shown.as_tuple().exponent))

    def shown_on(
        self, value: float, display: DisplayScale, band: LevelBand | None = None
    ) -> Decimal:
        """The value of a score in [0, 100] as the report prints it on `display`: with
        its decimals, rounded half up (the rounding levels are banded by, see
        `on_scale`).

        `band` is the band of its level on the display scale: when the printed value
        would fall outside it (59.6 shown as 60 beside a level that ends at 60, excluded),
        the score gets one more decimal, rounded toward the band, so that what is printed
        agrees with what was decided.
        """
        digits = display.digits
        if SCALE_TOPS[display.scale] == 100:
            exact = Decimal(repr(float(value)))  # exactly as computed
        else:
            exact = on_scale(value, display.scale)
        shown = rounded(exact, digits)
        if band is None or band.contains(shown):
            return shown
        above = shown > band.high or (shown == band.high and not band.high_in)
        return rounded(exact, digits + 1, ROUND_FLOOR if above else ROUND_CEILING)

    def scaled(
        self, value: float | None, display: DisplayScale, band: LevelBand | None = None
    ) -> str:
        """A score on `display` as `shown_on` gives it, in the locale (a
        percentage with its sign), or a dash."""
        if value is None:
            return "–"
        shown = self.shown_on(value, display, band)
        text = self.number(shown, -int(shown.as_tuple().exponent), fixed=display.digits)
        if display.scale == "percent":
            return text + ("\u202f%" if self.lang == "fr" else "%")
        return text

    def out_of(self, text: str, display: DisplayScale) -> str:
        """A shown score with its scale: `56 out of 100`, `1.25 out of 3`, `56%`."""
        if text == "–" or display.scale == "percent":
            return text
        return self("out_of", score=text, top=SCALE_TOPS[display.scale])

    def score_of(self, text: str, display: DisplayScale) -> str:
        """A shown score with its scale, short: `56/100`, `1.25/3`, `56%`."""
        if display.scale == "percent":
            return text
        return self("score_of", score=text, top=SCALE_TOPS[display.scale])

    def signed(self, change: Decimal) -> str:
        """A difference with its sign (`+5`, `−2,4` with a minus sign, `0`), printed
        with the decimals it has."""
        text = self.number(abs(change), -int(change.as_tuple().exponent))
        return text if not change else ("+" if change > 0 else "\u2212") + text

    def percent(self, share: float) -> str:
        """A share in [0, 1] as a whole percentage rounded half up (`26 %` with a narrow
        no-break space in French)."""
        hundredths = rounded(Decimal(repr(float(share))) * 100) / 100
        text = str(format_percent(hundredths, locale=_babel_locale(self.locale)))
        return text.replace("\u00a0%", "\u202f%") if self.lang == "fr" else text

    def count(self, number: int) -> str:
        """A small count in words, as a sentence says it ("quatre", "four"); from eleven
        on, and in a language without the words, in figures."""
        words = _COUNTS.get(self.lang if self.lang in _COUNTS else "", ())
        return words[number] if 0 <= number < len(words) else self.number(number)

    def date(self, value: datetime.date) -> str:
        """A date in words (`27 novembre 2026`; the first of the month `1er` in French)."""
        text = str(format_date(value, format="long", locale=_babel_locale(self.locale)))
        if self.lang == "fr" and value.day == 1 and text.startswith("1 "):
            text = "1er" + text[1:]
        return text


def language_names(languages: tuple[str, ...] = LANGUAGES) -> str:
    """`languages` (by default those reports are written in) by their English names:
    "French or English"."""
    from babel import Locale

    return " or ".join(Locale.parse(code).english_name or code for code in languages)
