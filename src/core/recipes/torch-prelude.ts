/**
 * The fixed part of the PyTorch recipe: Python helpers that read TensorFlow.js files, convert
 * layouts, mirror TensorFlow.js's recurrent layers, compute structured group norms and build unit
 * masks. torch-recipe.ts writes the model-specific parts around it.
 */

/** Imports, file names and the tfjs reader. */
export const PRELUDE_IO = String.raw`import argparse
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.utils.prune as prune

HERE = os.path.dirname(os.path.abspath(__file__))
DENSE_MODEL = os.path.join(HERE, "model-dense", "model.json")
MASKS_FILE = os.path.join(HERE, "masks.bin")
CHECK_INPUTS = os.path.join(HERE, "check_inputs.bin")
CHECK_EXPECTED = os.path.join(HERE, "check_expected.json")


def read_floats(path, offset, count):
    """count float32 values (little-endian) from a file, starting at byte offset."""
    with open(path, "rb") as f:
        f.seek(offset)
        data = bytearray(f.read(4 * count))
    if len(data) != 4 * count:
        raise SystemExit(path + " is shorter than expected; export the files again.")
    return torch.frombuffer(data, dtype=torch.float32).clone() if count else torch.zeros(0)


def read_tfjs_weights(model_json):
    """Weights of a TensorFlow.js LayersModel (model.json + its .bin files) by weight name."""
    with open(model_json) as f:
        spec = json.load(f)
    base = os.path.dirname(model_json)
    out = {}
    for group in spec["weightsManifest"]:
        data = bytearray()
        for p in group["paths"]:
            with open(os.path.join(base, p), "rb") as f:
                data += f.read()
        offset = 0
        for w in group["weights"]:
            if w.get("dtype", "float32") != "float32":
                raise SystemExit("Weight " + w["name"] + " is not float32.")
            n = math.prod(w["shape"])
            t = torch.frombuffer(data[offset:offset + 4 * n], dtype=torch.float32) if n else torch.zeros(0)
            out[w["name"]] = t.clone().reshape(w["shape"])
            offset += 4 * n
    return out


def gru_gates(t):
    """TensorFlow.js GRU gates z, r, h -> torch order r, z, n along the last axis."""
    h = t.shape[-1] // 3
    return torch.cat([t[..., h:2 * h], t[..., :h], t[..., 2 * h:]], dim=-1)


def to_torch(kind, role, t):
    """One tensor from TensorFlow.js layout to torch layout (masks convert the same way).
    Conv2D kernel [kh, kw, in, out] -> weight [out, in, kh, kw]; Dense kernel [in, out] ->
    weight [out, in]; LSTM kernel [in, 4H] -> weight_ih [4H, in] (gates i, f, c, o are torch's
    i, f, g, o), recurrent kernel [H, 4H] -> weight_hh [4H, H], bias -> bias_ih (bias_hh stays 0);
    GRU the same with gates z, r, h reordered to torch's r, z, n."""
    if kind == "gru":
        t = gru_gates(t)
    if kind == "conv2d" and role == "kernel":
        return t.permute(3, 2, 0, 1).contiguous()
    if role in ("kernel", "recurrentKernel"):
        return t.t().contiguous()
    return t.contiguous()
`;

/** TensorFlow.js's LSTM and GRU in torch (hard-sigmoid gates, GRU with the reset gate first). */
export const PRELUDE_RNN = String.raw`

def hard_sigmoid(x):
    """TensorFlow.js's recurrent activation: clip(0.2 x + 0.5, 0, 1) (torch's hardsigmoid is x/6 + 0.5)."""
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)


class TfjsLSTM(nn.Module):
    """nn.LSTM's parameter names, shapes and gate order (i, f, g, o) with TensorFlow.js's maths:
    hard-sigmoid gates where nn.LSTM uses the logistic sigmoid. Input [batch, steps, features];
    returns the last hidden state [batch, hidden], or every step's [batch, steps, hidden]."""

    def __init__(self, input_size, hidden_size, return_sequences=False):
        super().__init__()
        self.hidden_size = hidden_size
        self.return_sequences = return_sequences
        self.weight_ih_l0 = nn.Parameter(torch.zeros(4 * hidden_size, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.zeros(4 * hidden_size, hidden_size))
        self.bias_ih_l0 = nn.Parameter(torch.zeros(4 * hidden_size))
        self.bias_hh_l0 = nn.Parameter(torch.zeros(4 * hidden_size))

    def forward(self, x):
        hs = self.hidden_size
        h = x.new_zeros(x.shape[0], hs)
        c = x.new_zeros(x.shape[0], hs)
        xs = F.linear(x, self.weight_ih_l0, self.bias_ih_l0 + self.bias_hh_l0)
        seq = []
        for t in range(x.shape[1]):
            i, f, g, o = (xs[:, t] + F.linear(h, self.weight_hh_l0)).split(hs, dim=1)
            c = hard_sigmoid(f) * c + hard_sigmoid(i) * torch.tanh(g)
            h = hard_sigmoid(o) * torch.tanh(c)
            seq.append(h)
        return torch.stack(seq, dim=1) if self.return_sequences else h


class TfjsGRU(nn.Module):
    """nn.GRU's parameter names, shapes and gate order (r, z, n) with TensorFlow.js's maths:
    hard-sigmoid gates, and the reset gate applied before the recurrent product
    (n = tanh(W_in x + b + W_hn (r * h)), Keras reset_after=False) where nn.GRU applies it after.
    Input [batch, steps, features]; returns the last hidden state [batch, hidden], or every step's [batch, steps, hidden]."""

    def __init__(self, input_size, hidden_size, return_sequences=False):
        super().__init__()
        self.hidden_size = hidden_size
        self.return_sequences = return_sequences
        self.weight_ih_l0 = nn.Parameter(torch.zeros(3 * hidden_size, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.zeros(3 * hidden_size, hidden_size))
        self.bias_ih_l0 = nn.Parameter(torch.zeros(3 * hidden_size))
        self.bias_hh_l0 = nn.Parameter(torch.zeros(3 * hidden_size))

    def forward(self, x):
        hs = self.hidden_size
        h = x.new_zeros(x.shape[0], hs)
        xs = F.linear(x, self.weight_ih_l0, self.bias_ih_l0 + self.bias_hh_l0)
        w_r, w_z, w_n = self.weight_hh_l0.split(hs, dim=0)
        seq = []
        for t in range(x.shape[1]):
            x_r, x_z, x_n = xs[:, t].split(hs, dim=1)
            r = hard_sigmoid(x_r + F.linear(h, w_r))
            z = hard_sigmoid(x_z + F.linear(h, w_z))
            n = torch.tanh(x_n + F.linear(r * h, w_n))
            h = z * h + (1 - z) * n
            seq.append(h)
        return torch.stack(seq, dim=1) if self.return_sequences else h
`;

/** Structured pruning helpers: group norms and unit masks in torch layouts. */
export const PRELUDE_UNITS = String.raw`

def group_norms(parts, units, p):
    """Lp norm (float64) of every unit's group, summed over parts (tensor, kind, gates, positions):
    "rows": rows g*units + j of a [gates*units, ...] tensor (filters, neurons, gate rows, biases);
    "rec": rows g*units + j and column j of a recurrent weight [gates*units, units], each entry once;
    "cols": input features q*units + j (q < positions) of a consumer weight [out, positions*units, ...],
    the order TensorFlow.js flattens NHWC maps in."""
    acc = torch.zeros(units, dtype=torch.float64)
    for t, kind, gates, positions in parts:
        a = t.detach().double()
        a = a.abs() if p == 1 else a * a
        if kind == "rows":
            acc += a.reshape(gates, units, -1).sum(dim=(0, 2))
        elif kind == "rec":
            g = a.reshape(gates, units, units)
            acc += g.sum(dim=(0, 2)) + a.sum(dim=0) - g.diagonal(dim1=1, dim2=2).sum(dim=0)
        else:
            acc += a.reshape(a.shape[0], positions, units, -1).sum(dim=(0, 1, 3))
    return acc.sqrt() if p == 2 else acc


def lowest(norms, k):
    """Indices of the k smallest norms, ascending."""
    return sorted(torch.topk(norms, k, largest=False).indices.tolist()) if k else []


def rank_scores(norms, weight):
    """importance_scores for ln_structured(dim=0): slice j holds the rank of norms[j] (ranked in
    float64, as the app ranks) in its first entry and zeros elsewhere, so the Ln norm of slice j
    orders the slices exactly as the group norms do."""
    ranks = torch.empty(len(norms))
    ranks[torch.argsort(norms)] = torch.arange(1, len(norms) + 1, dtype=torch.float32)
    scores = torch.zeros(weight.shape)
    scores.reshape(weight.shape[0], -1)[:, 0] = ranks
    return scores


def pruned_rows(mask):
    """Units (dim-0 slices) whose mask is all zero."""
    return [j for j in range(mask.shape[0]) if not mask[j].any()]


def rows_mask(t, pruned, gates=1):
    """Mask zeroing rows g*units + j (j in pruned) of a [gates*units, ...] tensor."""
    units = t.shape[0] // gates
    m = torch.ones(gates, units, t.numel() // t.shape[0])
    m[:, pruned] = 0
    return m.reshape(t.shape)


def rec_mask(t, pruned, gates):
    """Mask zeroing rows g*units + j and column j (j in pruned) of a recurrent weight."""
    m = rows_mask(t, pruned, gates)
    m[:, pruned] = 0
    return m


def cols_mask(t, pruned, positions=1):
    """Mask zeroing input features q*units + j (j in pruned) of a consumer weight."""
    rest = t.numel() // (t.shape[0] * t.shape[1])
    m = torch.ones(t.shape[0], positions, t.shape[1] // positions, rest)
    m[:, :, pruned] = 0
    return m.reshape(t.shape)
`;
