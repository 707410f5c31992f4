#!/usr/bin/env python3
"""PyTorch reference for lstm-bench: the same model, data, batching and timing.

Benchmark tool, not product. Reproduces ../shared/bench's reference configuration
(embedding 32, 2 x 256 LSTM, dropout 0.2 after every LSTM layer, vocabulary 48,
batch 64 streams x 64 steps, Adam lr 1e-3, gradient clipping at norm 5, stateful
truncated BPTT over 64 contiguous streams) on ../shared/bench/corpus.txt, then
generates at batch 1 with the state carried, sampling at temperature 1. Prints one
JSON line with the same keys as `lstm-bench`.

    python3 bench/pytorch_lstm.py --seconds 20            # 2 x 256, 2 threads
    python3 bench/pytorch_lstm.py --layers 1 --hidden 128
"""
import argparse
import json
import os
import time

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, vocab, embedding, hidden, layers, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        # nn.LSTM drops between stacked layers; the extra Dropout drops the top layer's
        # output, as TablaML does after every layer.
        self.lstm = nn.LSTM(embedding, hidden, layers, dropout=dropout if layers > 1 else 0)
        self.drop = nn.Dropout(dropout)
        self.dense = nn.Linear(hidden, vocab)

    def forward(self, tokens, state):
        out, state = self.lstm(self.embedding(tokens), state)  # time-major [T, B, H]
        return self.dense(self.drop(out)), state


def forward_macs(vocab, embedding, hidden, layers):
    total = hidden * vocab
    for layer in range(layers):
        inp = embedding if layer == 0 else hidden
        total += (inp + hidden) * 4 * hidden
    return total


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "bench", "corpus.txt"))
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--embedding", type=int, default=32)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--learning-rate", type=float, default=1e-3)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--generate", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    words = open(a.corpus).read().split()
    ids = {}
    tokens = [ids.setdefault(w, len(ids)) for w in words]
    vocab = max(48, len(ids))
    data = torch.tensor(tokens, dtype=torch.long)
    # 64 contiguous streams, time-major, as SequenceBatcher cuts them.
    stream_len = (len(tokens) - 1) // a.batch
    inputs = data[: a.batch * stream_len].view(a.batch, stream_len).t().contiguous()
    targets = data[1 : a.batch * stream_len + 1].view(a.batch, stream_len).t().contiguous()
    batches = stream_len // a.steps

    model = Model(vocab, a.embedding, a.hidden, a.layers, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.learning_rate)
    loss_fn = nn.CrossEntropyLoss()
    state = None
    index = 0

    def train_step():
        nonlocal state, index
        if index >= batches:
            index, state = 0, None
        x = inputs[index * a.steps : (index + 1) * a.steps]
        y = targets[index * a.steps : (index + 1) * a.steps]
        index += 1
        if state is not None:
            state = tuple(s.detach() for s in state)
        logits, state = model(x, state)
        loss = loss_fn(logits.reshape(-1, vocab), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        return loss.item()

    model.train()
    for _ in range(a.warmup):
        train_step()
    steps, elapsed, last = 0, 0.0, 0.0
    step_seconds = []
    while elapsed < a.seconds:
        start = time.perf_counter()
        last = train_step()
        step_seconds.append(time.perf_counter() - start)
        elapsed += step_seconds[-1]
        steps += 1
    train_rate = steps * a.batch * a.steps / elapsed
    # The rate of the fastest tenth of the steps, as lstm-bench reports it.
    fast_step = sorted(step_seconds)[len(step_seconds) // 10]
    macs = forward_macs(vocab, a.embedding, a.hidden, a.layers)

    model.eval()
    gen_rate = 0.0
    with torch.inference_mode():
        token = torch.tensor([[tokens[0]]])
        gstate = None

        def gen_step():
            nonlocal token, gstate
            logits, gstate = model(token, gstate)
            probs = torch.softmax(logits[0, 0], dim=-1)
            token = torch.multinomial(probs, 1).view(1, 1)

        for _ in range(20):
            gen_step()
        start = time.perf_counter()
        for _ in range(a.generate):
            gen_step()
        gen_rate = a.generate / (time.perf_counter() - start)

    print(json.dumps({
        "implementation": f"pytorch {torch.__version__}",
        "config": {"vocabulary": vocab, "embedding": a.embedding, "layers": a.layers, "hidden": a.hidden,
                   "dropout": a.dropout, "batch": a.batch, "steps": a.steps, "threads": torch.get_num_threads(),
                   "seconds": a.seconds, "mkldnn": torch.backends.mkldnn.is_available()},
        "train_tokens_per_s": round(train_rate, 1),
        "train_tokens_per_s_p10": round(a.batch * a.steps / fast_step, 1),
        "train_gflops": round(train_rate * 6 * macs / 1e9, 1),
        "train_steps": steps,
        "train_seconds": round(elapsed, 1),
        "train_last_loss": round(last, 4),
        "gen_tokens_per_s": round(gen_rate, 1),
        "gen_gflops": round(gen_rate * 2 * macs / 1e9, 1),
        "gen_tokens": a.generate,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
