"""Where a draft stands on the guided path: which steps apply, which are done,
which checkpoint blocks, and which step comes before or after another."""

from dataclasses import dataclass
from enum import StrEnum

from referrals.intake import checkpoints, journey
from referrals.intake.journey import Answers
from referrals.intake.step import Step


class State(StrEnum):
    DONE = "done"
    TODO = "todo"
    BLOCKED = "blocked"
    CANNOT_START = "cannot_start"


@dataclass(frozen=True)
class StepState:
    step: Step
    state: State
    blocked_by: checkpoints.CheckpointBlocked | None = None

    @property
    def can_open(self) -> bool:
        return self.state != State.CANNOT_START


def steps_for(answers: Answers) -> list[Step]:
    """The steps this situation calls for, in order (``Step.applies``)."""
    return [step for step in journey.STEPS if step.applies(answers)]


def first_unanswered(answers: Answers) -> Step | None:
    """The first step the situation calls for that has no valid answer yet."""
    return next((step for step in steps_for(answers) if answers.step(step.slug) is None), None)


def progress(answers: Answers, user) -> list[StepState]:
    """Each applicable step's state: done, next to do, blocked by a checkpoint, or
    not yet open.

    A step opens only when every step before it is done and has passed its
    checkpoint. Steps the situation does not call for are left out.
    """
    states, open_ = [], True
    for step in steps_for(answers):
        if not open_:
            states.append(StepState(step, State.CANNOT_START))
            continue
        if answers.step(step.slug) is None:
            states.append(StepState(step, State.TODO))
            open_ = False
            continue
        try:
            if step.guard:
                step.guard(answers, user)
        except checkpoints.CheckpointBlocked as blocked:
            states.append(StepState(step, State.BLOCKED, blocked))
            open_ = False
        else:
            states.append(StepState(step, State.DONE))
    return states


def is_complete(states: list[StepState]) -> bool:
    return all(state.state == State.DONE for state in states)


def next_step(step: Step, answers: Answers) -> Step | None:
    """The next step that applies after ``step``."""
    later = journey.STEPS[journey.STEPS.index(step) + 1 :]
    return next((each for each in later if each.applies(answers)), None)


def previous_step(step: Step, answers: Answers) -> Step | None:
    """The nearest earlier step that applies."""
    earlier = reversed(journey.STEPS[: journey.STEPS.index(step)])
    return next((each for each in earlier if each.applies(answers)), None)
