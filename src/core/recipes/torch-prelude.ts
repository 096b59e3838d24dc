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
    GRU the same with gates z, r, h reordered to torch's r, z, n; a reset_after=True GRU's bias
    [2, 3H] (input row, recurrent row) -> bias_l0 [3H, 2]."""
    if kind == "gru":
        t = gru_gates(t)
    if kind == "conv2d" and role == "kernel":
        return t.permute(3, 2, 0, 1).contiguous()
    if role in ("kernel", "recurrentKernel") or (role == "bias" and t.dim() == 2):
        return t.t().contiguous()
    return t.contiguous()
`;

/** Activation functions TensorFlow.js defines its own way, used by the forward pass. */
export const PRELUDE_ACTIVATIONS = String.raw`

def identity(x):
    return x


def hard_sigmoid(x):
    """TensorFlow.js's hard sigmoid: clip(0.2 x + 0.5, 0, 1) (torch's hardsigmoid is x/6 + 0.5)."""
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)


def softmax_last(x):
    return torch.softmax(x, dim=-1)


def gelu_tanh(x):
    return F.gelu(x, approximate="tanh")
`;

/** TensorFlow.js's BatchNormalization at inference. */
export const PRELUDE_BN = String.raw`

class TfjsBatchNorm(nn.Module):
    """TensorFlow.js's BatchNormalization at inference, over the last axis (channels last):
    (x - running_mean) / sqrt(running_var + eps) * weight + bias, with nn.BatchNorm's names. The
    running statistics are parameters that do not train (requires_grad=False), so
    torch.nn.utils.prune masks them with the unit they belong to."""

    def __init__(self, channels, eps=1e-3):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.running_mean = nn.Parameter(torch.zeros(channels), requires_grad=False)
        self.running_var = nn.Parameter(torch.ones(channels), requires_grad=False)

    def forward(self, x):
        return (x - self.running_mean) * torch.rsqrt(self.running_var + self.eps) * self.weight + self.bias
`;

/** TensorFlow.js's recurrent layers in torch (one base class, one step function each). */
export const PRELUDE_RNN = String.raw`

class TfjsRNN(nn.Module):
    """A TensorFlow.js recurrent layer with nn.LSTM's parameter names and shapes: weight_ih_l0
    [gates * hidden, input], weight_hh_l0 [gates * hidden, hidden], bias_ih_l0 (TensorFlow.js's one
    bias) and bias_hh_l0 (stays 0). Input [batch, steps, features]; returns the last hidden state
    [batch, hidden], or every step's [batch, steps, hidden] with return_sequences."""

    gates = 1

    def __init__(self, input_size, hidden_size, return_sequences=False, activation=torch.tanh,
                 gate=hard_sigmoid):
        super().__init__()
        rows = self.gates * hidden_size
        self.hidden_size = hidden_size
        self.return_sequences = return_sequences
        self.activation = activation
        self.gate = gate
        self.weight_ih_l0 = nn.Parameter(torch.zeros(rows, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.zeros(rows, hidden_size))
        self.bias_ih_l0 = nn.Parameter(torch.zeros(rows))
        self.bias_hh_l0 = nn.Parameter(torch.zeros(rows))

    def forward(self, x):
        h = x.new_zeros(x.shape[0], self.hidden_size)
        state = (h, h)
        xs = self.project(x)
        seq = []
        for t in range(x.shape[1]):
            state = self.step(xs[:, t], state)
            seq.append(state[0])
        return torch.stack(seq, dim=1) if self.return_sequences else state[0]

    def project(self, x):
        """The input part of every step at once, with the bias."""
        return F.linear(x, self.weight_ih_l0, self.bias_ih_l0 + self.bias_hh_l0)


class TfjsSimpleRNN(TfjsRNN):
    """SimpleRNN: h = activation(W_ih x + b + W_hh h) (nn.RNN's maths)."""

    def step(self, x, state):
        h = self.activation(x + F.linear(state[0], self.weight_hh_l0))
        return (h, h)


class TfjsLSTM(TfjsRNN):
    """LSTM with gates in torch's order i, f, g, o (TensorFlow.js's i, f, c, o) and TensorFlow.js's
    gate activation (hard sigmoid unless the model says otherwise) where nn.LSTM uses the sigmoid."""

    gates = 4

    def step(self, x, state):
        h, c = state
        i, f, g, o = (x + F.linear(h, self.weight_hh_l0)).split(self.hidden_size, dim=1)
        c = self.gate(f) * c + self.gate(i) * self.activation(g)
        return (self.gate(o) * self.activation(c), c)


class TfjsGRU(TfjsRNN):
    """GRU with gates in torch's order r, z, n (TensorFlow.js's z, r, h), TensorFlow.js's gate
    activation, and the reset gate applied before the recurrent product
    (n = tanh(W_in x + b + W_hn (r * h)), Keras reset_after=False) where nn.GRU applies it after."""

    gates = 3

    def step(self, x, state):
        h = state[0]
        w_r, w_z, w_n = self.weight_hh_l0.split(self.hidden_size, dim=0)
        x_r, x_z, x_n = x.split(self.hidden_size, dim=1)
        r = self.gate(x_r + F.linear(h, w_r))
        z = self.gate(x_z + F.linear(h, w_z))
        n = self.activation(x_n + F.linear(r * h, w_n))
        h = z * h + (1 - z) * n
        return (h, h)


class TfjsGRUResetAfter(TfjsRNN):
    """GRU with Keras's reset_after=True, which is nn.GRU's own maths (the reset gate multiplies the
    recurrent product and its bias: n = tanh(W_in x + b_in + r * (W_hn h + b_hn))); with sigmoid gates
    it computes what nn.GRU does. Its bias is one parameter, bias_l0 [3 * hidden, 2]: column 0 is
    nn.GRU's bias_ih_l0, column 1 its bias_hh_l0, so pruning a unit's rows takes both."""

    gates = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.bias_ih_l0, self.bias_hh_l0
        self.bias_l0 = nn.Parameter(torch.zeros(3 * self.hidden_size, 2))

    def project(self, x):
        return F.linear(x, self.weight_ih_l0, self.bias_l0[:, 0])

    def step(self, x, state):
        h = state[0]
        hs = F.linear(h, self.weight_hh_l0, self.bias_l0[:, 1]).split(self.hidden_size, dim=1)
        x_r, x_z, x_n = x.split(self.hidden_size, dim=1)
        r = self.gate(x_r + hs[0])
        z = self.gate(x_z + hs[1])
        n = self.activation(x_n + r * hs[2])
        h = z * h + (1 - z) * n
        return (h, h)
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
