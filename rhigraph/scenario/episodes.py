"""Missing episodes over the scenario's weeks, their return home interviews and their stories.

Rates follow what local data shows: children in residential care go missing far more often than
children at home, and children being exploited more often still; most episodes are evenings and
overnight and end within a day. RHI timing is measured against the 72-hour standard of the
2014 statutory guidance, and every outcome in FORMATS.md occurs. Each episode gets a plan
(who the child was with, where, what was seen, where found) before any record is written, so
the police row, the note and the form about it agree.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from .model import Child, Episode, EpisodePlan, Pattern, Place
from .world import World

OUTCOMES = (
    "completed", "declined_by_child", "declined_by_parent", "unable_to_contact",
    "missing_again", "in_custody", "moved_out_of_area", "not_offered",
)  # fmt: skip

_WEEKLY_RATE = {
    "childrens_home_private": 0.34,
    "childrens_home_public": 0.3,
    "supported_accommodation": 0.26,
    "foster": 0.18,
    "family": 0.11,
}
_HOURS = tuple(range(12, 24)) + (0, 1, 2)
_HOUR_WEIGHTS = (1, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 2, 1, 1)
_DURATIONS = ((2, 8), (8, 20), (20, 48), (48, 96))
_DURATION_WEIGHTS = (35, 37, 20, 8)


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _working_time(moment: dt.datetime, rng: random.Random) -> dt.datetime:
    """Move ``moment`` into office hours (09:00-17:30), as interviews and offers are."""
    if moment.hour < 9:
        moment = moment.replace(hour=rng.randint(9, 11))
    elif moment.hour >= 17:
        moment = (moment + dt.timedelta(days=1)).replace(hour=rng.randint(9, 11))
    if moment.weekday() == 6:
        moment += dt.timedelta(days=1)
    return moment.replace(minute=rng.choice((0, 0, 15, 30, 30, 45)), second=0, microsecond=0)


def _risk(child: Child, rng: random.Random) -> str:
    if child.network is not None:
        return rng.choices(("high", "medium", "low"), (45, 45, 10))[0]
    if child.looked_after:
        return rng.choices(("high", "medium", "low", "no apparent risk"), (8, 50, 36, 6))[0]
    return rng.choices(("high", "medium", "low", "no apparent risk"), (4, 30, 50, 16))[0]


def schedule(world: World, rng: random.Random) -> list[Episode]:
    """All episodes of all children, numbered in reported order, with RHI timings."""
    start = dt.datetime.combine(world.start, dt.time(12))
    snapshot = dt.datetime.combine(world.end, dt.time(0))
    last_start = max(start + dt.timedelta(days=2), snapshot - dt.timedelta(days=9))
    window = (last_start - start).total_seconds()
    weeks = (world.end - world.start).days / 7
    episodes: list[Episode] = []
    for child in world.children:
        rate = _WEEKLY_RATE[child.placement_type]
        if child.network is not None:
            rate *= 1.6
        if child.out_of_area:
            rate *= 1.2
        count = min(max(1, _poisson(rng, rate * weeks)), max(1, int(weeks * 2)))
        times = sorted(start + dt.timedelta(seconds=rng.random() * window) for _ in range(count))
        previous_return: dt.datetime | None = None
        for moment in times:
            hour = rng.choices(_HOURS, _HOUR_WEIGHTS)[0]
            reported = moment.replace(
                hour=hour, minute=rng.choice(range(0, 60, 5)), second=0, microsecond=0
            )
            if previous_return and reported < previous_return + dt.timedelta(hours=6):
                reported = previous_return + dt.timedelta(hours=rng.randint(6, 30))
                reported = reported.replace(minute=rng.choice(range(0, 60, 5)))
            if reported > last_start + dt.timedelta(days=2):
                break
            low, high = rng.choices(_DURATIONS, _DURATION_WEIGHTS)[0]
            returned = reported + dt.timedelta(minutes=rng.randint(low * 60, high * 60))
            returned = returned.replace(minute=returned.minute // 5 * 5)
            risk = _risk(child, rng)
            if returned - reported > dt.timedelta(hours=36) and risk in ("low", "no apparent risk"):
                risk = "medium"  # police regrade as an episode goes on
            episodes.append(Episode("", child, reported, returned, risk))
            previous_return = returned
    _add_open_episodes(world, episodes, rng, snapshot)
    episodes.sort(key=lambda e: (e.reported, e.child.id))
    _number(episodes, rng)
    by_child: dict[str, list[Episode]] = {}
    for episode in episodes:
        by_child.setdefault(episode.child.id, []).append(episode)
    for child_episodes in by_child.values():
        _interviews(child_episodes, rng)
    _ensure_every_outcome(episodes, by_child, rng)
    _ensure_network_interviews(by_child, rng)
    return episodes


def _add_open_episodes(
    world: World, episodes: list[Episode], rng: random.Random, snapshot: dt.datetime
) -> None:
    """Children still missing on the snapshot date: blank ``returned_at`` and no RHI yet."""
    count = max(1, len(world.children) // 40)
    candidates = [c for c in world.children if c.network is not None] or world.children
    for child in rng.sample(candidates, min(count, len(candidates))):
        reported = snapshot - dt.timedelta(hours=rng.randint(6, 60))
        reported = reported.replace(minute=rng.choice(range(0, 60, 5)))
        mine = [e for e in episodes if e.child is child]
        if mine and mine[-1].returned and mine[-1].returned > reported - dt.timedelta(hours=6):
            continue
        episodes.append(Episode("", child, reported, None, rng.choice(("high", "medium"))))


def _number(episodes: list[Episode], rng: random.Random) -> None:
    counters: dict[int, int] = {}
    for episode in episodes:
        year = episode.reported.year
        counters[year] = counters.get(year, rng.randint(3, 30)) + rng.randint(1, 4)
        episode.id = f"MP-{year}-{counters[year]:05d}"


def _interviews(episodes: list[Episode], rng: random.Random) -> None:
    """Offer, outcome and completion of the RHI for each episode of one child."""
    for i, episode in enumerate(episodes):
        if episode.returned is None:
            continue
        following = episodes[i + 1] if i + 1 < len(episodes) else None
        offered = _working_time(episode.returned + dt.timedelta(hours=rng.randint(1, 20)), rng)
        if following and following.reported < offered + dt.timedelta(hours=30):
            episode.offered, episode.outcome = offered, "missing_again"
            continue
        outcome = rng.choices(
            (
                "completed",
                "declined_by_child",
                "declined_by_parent",
                "unable_to_contact",
                "in_custody",
                "not_offered",
            ),
            (66, 11, 4, 7, 3, 6),
        )[0]
        if outcome == "declined_by_parent" and episode.child.looked_after:
            outcome = "declined_by_child"
        if outcome == "not_offered":
            episode.outcome = outcome
            continue
        episode.offered, episode.outcome = offered, outcome
        if outcome == "completed":
            episode.completed = _completion(episode, rng)


def _completion(episode: Episode, rng: random.Random) -> dt.datetime:
    """When the interview took place: office hours, within 72 hours about two times in three."""
    assert episode.returned is not None and episode.offered is not None
    if rng.random() < 0.68:
        latest = episode.returned + dt.timedelta(hours=71)
        for _ in range(12):
            day = episode.offered.date() + dt.timedelta(days=rng.randint(0, 3))
            moment = dt.datetime.combine(
                day, dt.time(rng.choice((9, 10, 11, 13, 14, 15, 16)), rng.choice((0, 30)))
            )
            if episode.offered <= moment <= latest and moment.weekday() != 6:
                return moment
        return episode.offered
    late = episode.returned + dt.timedelta(hours=rng.randint(76, 210))
    return _working_time(late, rng)


def _ensure_every_outcome(
    episodes: list[Episode], by_child: dict[str, list[Episode]], rng: random.Random
) -> None:
    """Rewrite a few outcomes so every FORMATS.md value occurs (real data has them all)."""
    present = {e.outcome for e in episodes}
    spare = [
        e
        for e in episodes
        if e.outcome == "completed"
        and e.child.network is None
        and sum(x.outcome == "completed" for x in by_child[e.child.id]) > 1
    ]
    spare += [e for e in episodes if e.outcome in ("declined_by_child", "unable_to_contact")]
    for outcome in OUTCOMES:
        if outcome in present:
            continue
        for episode in spare:
            if outcome == "declined_by_parent" and episode.child.looked_after:
                continue
            if outcome == "moved_out_of_area" and by_child[episode.child.id][-1] is not episode:
                continue
            if outcome == "missing_again":
                continue
            spare.remove(episode)
            present.discard(episode.outcome)
            episode.outcome = outcome
            episode.completed = None
            if outcome == "not_offered":
                episode.offered = None
            present.add(outcome)
            break


def _ensure_network_interviews(by_child: dict[str, list[Episode]], rng: random.Random) -> None:
    """Every exploited child has at least one completed RHI, where their patterns surface."""
    for child_episodes in by_child.values():
        child = child_episodes[0].child
        if child.network is None or any(e.outcome == "completed" for e in child_episodes):
            continue
        closed = [e for e in child_episodes if e.returned is not None]
        if not closed:
            closed_episode = child_episodes[0]
            closed_episode.returned = closed_episode.reported + dt.timedelta(hours=9)
            closed = [closed_episode]
        episode = max(closed, key=lambda e: (e.returned or e.reported) - e.reported)
        assert episode.returned is not None
        episode.offered = _working_time(episode.returned + dt.timedelta(hours=3), rng)
        episode.outcome = "completed"
        episode.completed = _completion(episode, rng)


# ---------------------------------------------------------------------------------------------
# Plans: what happened in each episode


def plan_all(world: World, episodes: list[Episode], rng: random.Random) -> None:
    """Decide each episode's story and fill ``found_at`` / ``missing_from`` for the CSV."""
    by_child: dict[str, list[Episode]] = {}
    for episode in episodes:
        by_child.setdefault(episode.child.id, []).append(episode)
    decoy_ids = {n.decoy_peer.id for n in world.networks}
    for child in world.children:
        mine = by_child.get(child.id, [])
        interviews = [e for e in mine if e.outcome == "completed"]
        assignments = _assign_exposures(child, interviews, rng)
        decoy_done = False
        for episode in mine:
            exposures = assignments.get(id(episode), [])
            if not exposures and child.network is not None and episode.outcome != "completed":
                exposures = [p for p in child.exposures if rng.random() < 0.3]
            episode.plan = _plan(world, episode, exposures, rng)
            # A friend who shares a driver's first name must turn up in a note (the decoy).
            if not decoy_done and episode.outcome == "completed":
                decoy = next((f for f in child.friends if f.id in decoy_ids), None)
                if decoy is not None:
                    if decoy not in episode.plan.peers:
                        episode.plan.peers.insert(0, decoy)
                    decoy_done = True
            episode.missing_from = _missing_from_text(episode)
            episode.found_at = _found_at_text(episode)


def _assign_exposures(
    child: Child, interviews: list[Episode], rng: random.Random
) -> dict[int, list[Pattern]]:
    """Spread a child's patterns over their interviews: each at least once, some again."""
    if not interviews or not child.exposures:
        return {}
    out: dict[int, list[Pattern]] = {id(e): [] for e in interviews}
    # Exposures build up: early interviews see less, later ones more.
    for i, pattern in enumerate(child.exposures):
        target = interviews[min(len(interviews) - 1, i * len(interviews) // len(child.exposures))]
        out[id(target)].append(pattern)
    for episode in interviews:
        for pattern in child.exposures:
            if pattern not in out[id(episode)] and rng.random() < 0.3:
                out[id(episode)].append(pattern)
    order = {p.kind: i for i, p in enumerate(child.exposures)}
    for patterns in out.values():
        patterns.sort(key=lambda p: order[p.kind] if p.kind != "adult" else -1)
    return out


def _plan(
    world: World, episode: Episode, exposures: list[Pattern], rng: random.Random
) -> EpisodePlan:
    child = episode.child
    team = world.team(child.host)
    plan = EpisodePlan(exposures=list(exposures))
    peers = list(child.friends)
    if peers and rng.random() < 0.75:
        plan.peers = rng.sample(peers, 1 if rng.random() < 0.7 or len(peers) == 1 else 2)
    places = list(team.background)
    if places and rng.random() < 0.85:
        plan.places = rng.sample(places, min(len(places), rng.choice((1, 1, 2))))
    kinds = {p.kind for p in exposures}
    found: Place | None = None
    roll = rng.random()
    if "house" in kinds and roll < 0.35:
        found = child.network.house if child.network else None
    elif "hotel" in kinds and roll < 0.6:
        found = child.network.hotel if child.network else None
    elif plan.places and roll < 0.75:
        found = plan.places[-1]
    plan.found = found
    if found is not None and found.kind not in ("flat", "hotel") and rng.random() < 0.45:
        staff = _collector(child, rng)
        plan.collected_by = staff
    if child.network is not None and exposures:
        plan.reason = rng.choice(("pulled", "pulled", "friends", "conflict"))
        if child.gender == "M" and rng.random() < 0.3:
            plan.destination = rng.choice(("Blackpool", "Preston", "Liverpool", "Southport"))
    else:
        plan.reason = rng.choice(("friends", "friends", "conflict", "low_mood", "family"))
    plan.from_school = child.placement_type in ("family", "foster") and rng.random() < 0.1
    if found is not None and found.kind in ("flat", "hotel") and episode.risk != "high":
        episode.risk = "high"
    return plan


def _collector(child: Child, rng: random.Random):
    if child.residential is not None:
        return rng.choice(child.residential.night_staff + child.residential.key_workers)
    if child.carers:
        return child.carers[0]
    return child.family[-1] if child.family else None


def _missing_from_text(episode: Episode) -> str:
    child = episode.child
    if episode.plan.from_school and child.school:
        return f"{child.school[0].name} (did not return from school)"
    return child.home.full


def _found_at_text(episode: Episode) -> str:
    if episode.returned is None:
        return ""
    found = episode.plan.found
    child = episode.child
    if found is None:
        if child.residential is not None:
            return f"{child.home.name} (returned of own accord)"
        return f"{child.home.full} (returned home)"
    if found.kind == "flat":
        return found.full
    if found.kind == "hotel":
        return f"{found.name}, {found.town}"
    if (
        found.name
        and found.town
        and found.town not in found.name
        and found.kind in ("retail_park", "park", "shopping_centre")
    ):
        return f"{found.name}, {found.town}"
    return found.name or found.full
