#!/usr/bin/env python3
"""The route optimiser against Google OR-Tools on the same days.

Reads the days `server bench-solve` exported (BENCH_SOLVE_EXPORT=DIR): teams
with shift and skills, visits with a window for the start of the work, a
duration and skills, at most N visits a team, and the straight-line matrix
the product's optimiser used. Solves each with OR-Tools' routing library
(cheapest arc, then guided local search; one thread) at 1 s and 5 s with
the same rules and the same objective (every visit served first, then the
fewest metres), and prints km and unplanned next to vrp-pragmatic's.

Usage: python3 .ci/ortools_solve.py DIR
"""
import glob
import json
import sys

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

# A visit left unplanned costs more than any amount of driving.
DROP_PENALTY = 10**9


def solve(day, seconds):
    n = day["n"]
    teams, visits = day["teams"], day["visits"]
    manager = pywrapcp.RoutingIndexManager(n, len(teams), 0)
    routing = pywrapcp.RoutingModel(manager)

    def metres(i, j):
        return day["metres"][manager.IndexToNode(i) * n + manager.IndexToNode(j)]

    def work(node):
        return 0 if node == 0 else visits[node - 1]["duration_min"] * 60

    def time(i, j):
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return work(a) + day["seconds"][a * n + b]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(metres))
    t = routing.RegisterTransitCallback(time)
    routing.AddDimension(t, 24 * 3600, 24 * 3600, False, "time")
    clock = routing.GetDimensionOrDie("time")
    count = routing.RegisterUnaryTransitCallback(lambda i: 0 if manager.IndexToNode(i) == 0 else 1)
    routing.AddDimensionWithVehicleCapacity(count, 0, [day["max_visits_per_team"]] * len(teams), True, "visits")

    for v, team in enumerate(teams):
        clock.CumulVar(routing.Start(v)).SetMin(team["shift_start_min"] * 60)
        clock.CumulVar(routing.End(v)).SetMax(team["shift_end_min"] * 60)
    for k, visit in enumerate(visits):
        index = manager.NodeToIndex(k + 1)
        clock.CumulVar(index).SetRange(visit["window_start_min"] * 60, visit["window_end_min"] * 60)
        able = [v for v, team in enumerate(teams) if set(visit["skills"]) <= set(team["skills"])]
        routing.AddDisjunction([index], DROP_PENALTY)
        # Only a team with every skill may take it (-1: left unplanned).
        routing.VehicleVar(index).SetValues([-1] + able)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.seconds = seconds
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return None, len(visits)
    total, served = 0, 0
    for v in range(len(teams)):
        i = routing.Start(v)
        while not routing.IsEnd(i):
            j = solution.Value(routing.NextVar(i))
            total += metres(i, j)
            if manager.IndexToNode(j) != 0:
                served += 1
            i = j
    return total / 1000.0, len(visits) - served


def main():
    files = sorted(glob.glob(f"{sys.argv[1]}/day-*.json"), key=lambda f: [int(x) for x in f.split("day-")[1][:-5].split("-")])
    if not files:
        sys.exit(f"no exported days in {sys.argv[1]}")
    print("route optimiser vs OR-Tools 9.15 (routing, guided local search, 1 thread), same days and matrix:")
    ratios = {"1 s": [], "5 s": [], "5 s, 2 threads": []}
    for f in files:
        day = json.load(open(f))
        one, one_left = solve(day, 1)
        five, five_left = solve(day, 5)
        print(
            f"  {day['name']}: OR-Tools 1 s {one:6.1f} km, {one_left} unplanned · 5 s {five:6.1f} km, {five_left} unplanned"
            f" | ours 1 s {day['vrp_1s_km']:6.1f} km, {day['vrp_1s_unplanned']} · 5 s {day['vrp_5s_km']:6.1f} km, {day['vrp_5s_unplanned']}"
            f" · 5 s on 2 threads {day['vrp_5s_2t_km']:6.1f} km, {day['vrp_5s_2t_unplanned']}"
        )
        # Compared only where both plan the same number of visits.
        if day["vrp_1s_unplanned"] == one_left:
            ratios["1 s"].append(day["vrp_1s_km"] / one)
        if day["vrp_5s_unplanned"] == five_left:
            ratios["5 s"].append(day["vrp_5s_km"] / five)
        if day["vrp_5s_2t_unplanned"] == five_left:
            ratios["5 s, 2 threads"].append(day["vrp_5s_2t_km"] / five)
    for label, r in ratios.items():
        if r:
            print(
                f"  ours / OR-Tools at {label}: mean {sum(r) / len(r):.3f}, worst {max(r):.3f}, best {min(r):.3f}"
                f" ({len(r)} of {len(files)} days with equal unplanned)"
            )


if __name__ == "__main__":
    main()
