"""PyTorch CPU reference for bench/backends-bench.ts: the zoo's cnn (conv8, pool, conv16, pool,
conv16, flatten, dense64, dense10; 3x3 'same' convs, relu) on 2,000 images of 28x28 and batches of
64. Random weights and inputs (timing only). Prints one JSON line: evalMs (median ms to evaluate
2,000 images) and trainExPerSec (Adam, batch 64)."""
import json
import statistics
import time

import torch
from torch import nn

torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(), nn.Flatten(),
    nn.Linear(16 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10),
)
x = torch.rand(2000, 1, 28, 28)
y = torch.randint(0, 10, (2000,))

evals = []
with torch.no_grad():
    for r in range(6):
        t0 = time.perf_counter()
        for s in range(0, 2000, 500):
            net(x[s:s + 500]).softmax(1)
        if r > 0:
            evals.append((time.perf_counter() - t0) * 1000)

opt = torch.optim.Adam(net.parameters(), 1e-3)
loss_fn = nn.CrossEntropyLoss()
rates = []
for r in range(4):
    t0 = time.perf_counter()
    for s in range(0, 20 * 64, 64):
        opt.zero_grad()
        loss_fn(net(x[s:s + 64]), y[s:s + 64]).backward()
        opt.step()
    if r > 0:
        rates.append(20 * 64 / (time.perf_counter() - t0))

print(json.dumps({"evalMs": statistics.median(evals), "trainExPerSec": statistics.median(rates)}))
