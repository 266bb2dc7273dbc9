#!/usr/bin/env python3
"""torchgfn's accuracy during training: runs torchgfn's own tutorials/examples/train_hypergrid.py (unmodified,
through runpy, with its own CLI), as ../shared/bench/torchgfn/run_torchgfn.py does, and evaluates the exact TV of
its policy every --eval-every trajectories, leaving the evaluations out of the training time. Prints one JSON line.

    torchgfn_curve.py --torchgfn DIR [--threads T] [--eval-every N] [--targets 0.05,0.02] [--stop-at N]
                      -- [train_hypergrid.py args]

How: TBGFlowNet.sample_trajectories (the first call of each iteration) is wrapped. At the start of iteration k,
when k * batch is a multiple of --eval-every, the policy after k updates is evaluated exactly (a forward of every
state with the estimator's own masked distribution, then P_T(x) = u(x) P_F(stop | x) with u propagated in order of
coordinate sum, as run_torchgfn.py; no random numbers are drawn), timed and subtracted. Training time runs from the
start of iteration 0. With --stop-at N the run ends (an exception from the wrapper, caught here) once every target
is reached and at least N trajectories are done. The script's own Timer phases (generate_samples,
to_training_samples, calculate_loss, loss_backward, optimizer) are read from the dict it accumulates them in.
Nothing in torchgfn is patched; this file only wraps methods of its classes, like run_torchgfn.py.
"""
import argparse
import json
import os
import runpy
import sys
import time


class _Stop(Exception):
    pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torchgfn", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--eval-every", type=int, default=1024)
    ap.add_argument("--targets", default="0.05,0.02")
    ap.add_argument("--stop-at", type=int, default=0)
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    opts = ap.parse_args()
    rest = opts.rest[1:] if opts.rest[:1] == ["--"] else opts.rest
    root = opts.torchgfn
    script = os.path.join(root, "tutorials/examples/train_hypergrid.py")
    targets = [float(t) for t in opts.targets.split(",") if t]

    import torch

    torch.set_num_threads(opts.threads)
    sys.path.insert(0, root)
    import gfn
    from gfn.gflownet import TBGFlowNet
    from gfn.gym import HyperGrid
    from gfn.utils import common

    def arg(name, default, kind):
        return kind(rest[rest.index(name) + 1]) if name in rest else default

    ndim, height, batch = arg("--ndim", 2, int), arg("--height", 8, int), arg("--batch_size", 16, int)
    R = {k: arg("--" + k, v, float) for k, v in (("R0", 0.1), ("R1", 0.5), ("R2", 2.0))}
    eval_env = HyperGrid(ndim, height, reward_fn_str="original", reward_fn_kwargs=R, store_all_states=True,
                         calculate_partition=True)
    grid = eval_env.all_states
    coords = grid.tensor.long()
    strides = torch.tensor([height ** (ndim - 1 - j) for j in range(ndim)])
    level = coords.sum(-1)
    levels = [(level == L).nonzero().squeeze(-1) for L in range(int(level.max()) + 1)]
    moves = [[(idx[coords[idx, d] < height - 1]) for d in range(ndim)] for idx in levels]
    target = eval_env.true_dist().double()
    assert int(((coords * strides).sum(-1) != torch.arange(coords.shape[0])).sum()) == 0, "unexpected state order"

    def exact_tv(gflownet):
        with torch.no_grad():
            pf = gflownet.pf
            dist = pf.to_probability_distribution(grid, pf(grid))
            P = torch.exp(dist.logits).double()
            u = torch.zeros(coords.shape[0], dtype=torch.float64)
            u[0] = 1.0
            for per_dim in moves:
                for d, src in enumerate(per_dim):
                    u.index_add_(0, src + strides[d], u[src] * P[src, d])
            return 0.5 * float((u * P[:, -1] - target).abs().sum())

    state = {"gfn": None, "calls": 0, "t0": None, "eval_s": 0.0, "points": [], "reached": [None] * len(targets),
             "timing": None}
    _init = TBGFlowNet.__init__

    def init_wrap(self, *a, **k):
        _init(self, *a, **k)
        state["gfn"] = self

    TBGFlowNet.__init__ = init_wrap
    _sample = TBGFlowNet.sample_trajectories

    def checkpoint(k):
        now = time.perf_counter()
        seconds = now - state["t0"] - state["eval_s"]
        tv = exact_tv(state["gfn"])
        state["eval_s"] += time.perf_counter() - now
        point = {"trajectories": k * batch, "seconds": round(seconds, 4), "tv": round(tv, 6)}
        state["points"].append(point)
        for i, t in enumerate(targets):
            if state["reached"][i] is None and tv <= t:
                state["reached"][i] = {"trajectories": point["trajectories"], "seconds": point["seconds"]}
        if opts.stop_at and all(r is not None for r in state["reached"]) and k * batch >= opts.stop_at:
            raise _Stop()

    def sample_wrap(self, *a, **k):
        if self is state["gfn"]:
            n = state["calls"]
            if n == 0:
                state["t0"] = time.perf_counter()
            elif (n * batch) % opts.eval_every == 0:
                checkpoint(n)
            state["calls"] += 1
        return _sample(self, *a, **k)

    TBGFlowNet.sample_trajectories = sample_wrap
    _timer_init = common.Timer.__init__

    def timer_init(self, timing_dict, key, enabled=True):
        state["timing"] = timing_dict
        _timer_init(self, timing_dict, key, enabled)

    common.Timer.__init__ = timer_init

    sys.argv = [script] + rest
    stopped = False
    try:
        runpy.run_path(script, run_name="__main__")
    except _Stop:
        stopped = True
    # Every evaluation but the one after the loop ran inside the script's Timer of generate_samples.
    in_loop = state["eval_s"]
    if not stopped and state["calls"] > 0:
        # The end of the last iteration: the policy after all updates (it may meet --stop-at itself, at the cap).
        try:
            checkpoint(state["calls"])
        except _Stop:
            pass
    sys.stdout.flush()
    points = state["points"]
    last = points[-1]
    phases = {k: sum(v) for k, v in (state["timing"] or {}).items() if k != "total_time"}
    if "generate_samples" in phases:
        phases["generate_samples"] -= in_loop
    phases = {k: round(v, 4) for k, v in phases.items()}
    print(json.dumps({
        "tool": "torchgfn-" + gfn.__version__ + "/torch-" + torch.__version__,
        "threads": torch.get_num_threads(),
        "argv": rest,
        "points": points,
        "reached": state["reached"],
        "trajectories_per_s": round(last["trajectories"] / last["seconds"], 1),
        "phase_s": phases,
        "iterations": state["calls"],
        "evaluation_s": round(state["eval_s"], 3),
        "logZ": round(float(state["gfn"].logZ.item()), 4),
    }))


if __name__ == "__main__":
    main()
