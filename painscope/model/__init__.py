"""painscope.model: the pain-system model (fast and slow layers, scenarios, cohorts, experiments).

Educational and research model, never a diagnosis. Entry points: :func:`painscope.model.api.simulate`,
:func:`painscope.model.api.profile_trajectory`, :func:`painscope.model.cohort.run_cohort`,
:func:`painscope.model.experiments.run_experiment`.
"""
