#!/usr/bin/python3
"""Reference vectors for src/core from torch.nn.utils.prune.

Writes src/core/__fixtures__/torch-reference.json. Run with Debian's python3-torch:

    /usr/bin/python3 scripts/torch-reference.py

Weights are numbers with at most 4 decimals, so float32(value) is the same in torch and in a
Float32Array. Masks are stored as sorted lists of pruned flat indices (row-major, as in both torch
and TF.js). torch breaks ties arbitrarily (topk uses nth_element), so every mask case is checked
to have a strict gap at the cut: runs of equal values are allowed only wholly on one side of it.

The PolynomialDecay and ConstantSparsity cases are not produced by TensorFlow Model Optimization
(not installed here); they are computed from its documented definition in pruning_schedule.py:
    p = clip((step - begin) / (end - begin), 0, 1)
    sparsity = final + (initial - final) * (1 - p) ** power
    update = begin <= step and (step <= end or end == -1) and (step - begin) % frequency == 0
"""

import json
import os

import torch
import torch.nn.utils.prune as prune

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "core", "__fixtures__", "torch-reference.json")
gen = torch.Generator().manual_seed(20240611)


def values(shape, zeros=0.0):
    """Float32 values with 4 decimals, optionally a fraction of exact zeros (a tie run)."""
    t = torch.randn(*shape, generator=gen)
    t = torch.round(t * 10000) / 10000
    if zeros > 0:
        z = torch.rand(*shape, generator=gen) < zeros
        t[z] = 0.0
    return t.to(torch.float32)


def as_list(t):
    return [round(float(x), 4) for x in t.reshape(-1).tolist()]


def pruned_indices(mask):
    return [int(i) for i in (mask.reshape(-1) == 0).nonzero().reshape(-1).tolist()]


def holder(t):
    m = torch.nn.Module()
    m.weight = torch.nn.Parameter(t.clone())
    return m


def strict_cut(scores, mask):
    """True when every pruned score is strictly below every kept score."""
    s = scores.reshape(-1)
    k = mask.reshape(-1)
    if bool((k == 0).all()) or bool((k == 1).all()):
        return True
    return float(s[k == 0].max()) < float(s[k == 1].min())


def count_cases():
    ns = [1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 14, 18, 20, 25, 30, 50, 100, 784, 1000, 12345]
    amounts = [0.0, 0.05, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.35, 0.375, 0.45, 0.5, 0.55, 0.625,
               0.65, 0.7, 0.75, 0.85, 0.875, 0.9, 0.95, 1.0, 0.33, 0.67, 0.999]
    out = []
    for n in ns:
        for a in amounts:
            out.append([n, a, int(prune._compute_nparams_toprune(a, n))])
    return out


def magnitude_cases():
    specs = [
        ([10], 0.25, 0.0),  # 2.5 -> 2
        ([10], 0.35, 0.0),  # 3.5 -> 4
        ([6], 0.25, 0.0),  # 1.5 -> 2
        ([14], 0.25, 0.0),  # 3.5 -> 4
        ([2, 5], 0.45, 0.0),  # 4.5 -> 4
        ([5, 7], 0.3, 0.0),
        ([3, 3, 2, 4], 0.5, 0.0),
        ([3, 3, 2, 4], 0.9, 0.0),
        ([64, 10], 0.8, 0.0),
        ([40, 25], 0.6, 0.3),  # 30% zeros, all below the cut
        ([100], 0.0, 0.0),
        ([100], 1.0, 0.0),
        ([12, 16], 0.125, 0.0),
    ]
    out = []
    for shape, amount, zeros in specs:
        for _ in range(20):
            w = values(shape, zeros)
            m = holder(w)
            prune.l1_unstructured(m, "weight", amount=amount)
            if strict_cut(w.abs(), m.weight_mask):
                break
        else:
            raise RuntimeError(f"no tie-free draw for {shape}")
        out.append({"shape": shape, "amount": amount, "weights": as_list(w), "pruned": pruned_indices(m.weight_mask)})
    return out


def global_cases():
    specs = [
        ([[4, 5], [3, 3, 2, 2], [10]], 0.5),
        ([[4, 5], [3, 3, 2, 2], [10]], 0.25),  # 66 * 0.25 = 16.5 -> 16
        ([[30, 20], [20, 10], [10]], 0.7),
        ([[8], [8]], 0.3125),  # 16 * 0.3125 = 5
    ]
    out = []
    for shapes, amount in specs:
        for _ in range(20):
            ws = [values(s) for s in shapes]
            mods = [holder(w) for w in ws]
            prune.global_unstructured([(m, "weight") for m in mods], pruning_method=prune.L1Unstructured, amount=amount)
            allw = torch.cat([w.abs().reshape(-1) for w in ws])
            allm = torch.cat([m.weight_mask.reshape(-1) for m in mods])
            if strict_cut(allw, allm):
                break
        else:
            raise RuntimeError("no tie-free draw for global case")
        out.append({
            "shapes": shapes,
            "amount": amount,
            "weights": [as_list(w) for w in ws],
            "pruned": [pruned_indices(m.weight_mask) for m in mods],
        })
    return out


def structured_cases():
    specs = [
        ([3, 3, 2, 10], 3, 0.25, 1),  # 2.5 -> 2 filters
        ([3, 3, 2, 10], 3, 0.35, 2),  # 3.5 -> 4 filters
        ([3, 3, 2, 6], 3, 0.25, 1),  # 1.5 -> 2
        ([3, 3, 2, 6], 2, 0.5, 2),  # input channels
        ([20, 14], 1, 0.25, 2),  # dense neurons, 3.5 -> 4
        ([20, 14], 0, 0.45, 1),  # dense rows, 9 -> 9
        ([8, 32], 1, 0.6, 1),  # LSTM-like kernel columns
        ([4, 5, 6], 1, 0.5, 2),  # middle axis, 2.5 -> 2
        ([4, 5, 6], 0, 1.0, 1),
        ([4, 5, 6], 2, 0.0, 2),
    ]
    out = []
    for shape, dim, amount, p in specs:
        for _ in range(20):
            w = values(shape)
            m = holder(w)
            prune.ln_structured(m, "weight", amount=amount, n=p, dim=dim)
            dims = [d for d in range(len(shape)) if d != dim]
            norms = torch.norm(w, p=p, dim=dims)
            slice_mask = m.weight_mask.amax(dim=dims)
            if strict_cut(norms, slice_mask) and (norms.unique().numel() == norms.numel()):
                break
        else:
            raise RuntimeError(f"no tie-free draw for {shape}")
        out.append({
            "shape": shape,
            "axis": dim,
            "amount": amount,
            "p": p,
            "weights": as_list(w),
            "prunedSlices": [int(i) for i in (slice_mask == 0).nonzero().reshape(-1).tolist()],
            "pruned": pruned_indices(m.weight_mask),
        })
    return out


def iterative_cases():
    specs = [([50, 20], 0.9, 3), ([10, 10], 0.8, 5), ([7, 9], 0.5, 4)]
    out = []
    for shape, final, rounds in specs:
        per_round = 1 - (1 - final) ** (1 / rounds)
        for _ in range(20):
            w = values(shape)
            m = holder(w)
            counts = []
            ok = True
            for _r in range(rounds):
                prune.l1_unstructured(m, "weight", amount=per_round)
                ok = ok and strict_cut(w.abs(), m.weight_mask)
                counts.append(int((m.weight_mask == 0).sum()))
            if ok:
                break
        else:
            raise RuntimeError("no tie-free draw for iterative case")
        out.append({
            "shape": shape,
            "final": final,
            "rounds": rounds,
            "perRound": per_round,
            "targets": [1 - (1 - final) ** (r / rounds) for r in range(1, rounds + 1)],
            "weights": as_list(w),
            "counts": counts,
            "pruned": pruned_indices(m.weight_mask),
        })
    return out


def polynomial(initial, final, begin, end, power, frequency, step):
    p = min(1.0, max(0.0, (step - begin) / (end - begin)))
    sparsity = final + (initial - final) * (1 - p) ** power
    update = step >= begin and (step <= end or end < 0) and (step - begin) % frequency == 0
    return sparsity, update


def schedule_cases():
    params = [
        dict(initialSparsity=0.0, finalSparsity=0.8, beginStep=0, endStep=1000, power=3, frequency=100),
        dict(initialSparsity=0.5, finalSparsity=0.9, beginStep=200, endStep=1150, power=2, frequency=70),
        dict(initialSparsity=0.1, finalSparsity=0.6, beginStep=10, endStep=110, power=1, frequency=1),
        dict(initialSparsity=0.2, finalSparsity=0.95, beginStep=5, endStep=45, power=0.5, frequency=3),
    ]
    out = []
    for prm in params:
        b, e = prm["beginStep"], prm["endStep"]
        steps = sorted(set([0, b - 1, b, b + 1, (b + e) // 2, e - 1, e, e + 1, e + 500]
                           + list(range(b, e + 1, max(1, (e - b) // 7)))))
        steps = [s for s in steps if s >= 0]
        rows = []
        for s in steps:
            sp, up = polynomial(prm["initialSparsity"], prm["finalSparsity"], b, e, prm["power"], prm["frequency"], s)
            rows.append([s, sp, up])
        out.append({"params": prm, "steps": rows})
    return out


def main():
    ref = {
        "source": f"torch {torch.__version__} torch.nn.utils.prune; schedules from the TF-MOT formulas",
        "countToPrune": count_cases(),
        "magnitude": magnitude_cases(),
        "global": global_cases(),
        "structured": structured_cases(),
        "iterative": iterative_cases(),
        "polynomialDecay": schedule_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(ref, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
