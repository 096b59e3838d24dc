/** The entry point of the PyTorch recipe: masks collected, prune.remove, summary and --check. */

/** Python: collect_masks, summary, check and main. */
export const TORCH_MAIN = String.raw`

def collect_masks(model):
    """Every tensor's mask (torch layout, 1 = kept), then prune.remove makes the pruning permanent."""
    out = {}
    for key, _, _, _, attr, param in TENSORS:
        module = getattr(model, attr)
        m = getattr(module, param + "_mask", None)
        kept = m.detach().clone() if m is not None else torch.ones_like(getattr(module, param))
        out[key] = (attr + "." + param, kept)
        if m is not None:
            prune.remove(module, param)
    return out


def summary(masks):
    total = kept = 0
    for name, m in masks.values():
        n, k = m.numel(), int(m.sum().item())
        total, kept = total + n, kept + k
        print(f"{name:24s} {n - k:9d} of {n:9d} pruned ({100 * (n - k) / max(n, 1):5.1f}%)")
    print(f"total {total - kept} of {total} parameters pruned ({100 * (total - kept) / max(total, 1):.1f}%)")


def check(model, masks, out_path):
    """Runs the pruned model on the app's check images and compares with the app's answers."""
    with open(CHECK_EXPECTED) as f:
        expected = json.load(f)
    n, shape = expected["n"], expected["inputShape"]
    x = read_floats(CHECK_INPUTS, 0, n * math.prod(shape)).reshape([n] + shape)
    model.eval()
    with torch.no_grad():
        logits = model(x)
    outputs = torch.softmax(logits, dim=1) if OUTPUT_SOFTMAX else logits
    predictions = logits.argmax(dim=1).tolist()
    agree = sum(int(a == b) for a, b in zip(predictions, expected["appPredictions"]))
    diff = (outputs - torch.tensor(expected["appOutputs"]).reshape(outputs.shape)).abs().max().item()
    print(f"predictions agree with the app on {agree} of {n} test images; max |output difference| {diff:.2e}")
    if out_path:
        with open(out_path, "w") as f:
            json.dump({
                "torch": torch.__version__,
                "masks": {key: {"param": name, "shape": list(m.shape),
                                "bits": "".join("1" if v else "0" for v in m.flatten().tolist())}
                          for key, (name, m) in masks.items()},
                "logits": logits.tolist(),
                "outputs": outputs.tolist(),
                "predictions": predictions,
                "agree": agree,
            }, f)
        print("wrote " + out_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", metavar="OUT_JSON",
                        help="also write the masks, logits and predictions on the check images to OUT_JSON")
    parser.add_argument("--save", metavar="FILE_PT", help="save the pruned model's state_dict to FILE_PT")
    args = parser.parse_args()
    model = Net()
    load_weights(model)
    prune_like_the_app(model)
    masks = collect_masks(model)
    summary(masks)
    if os.path.exists(CHECK_EXPECTED) and os.path.exists(CHECK_INPUTS):
        check(model, masks, args.check)
    elif args.check:
        raise SystemExit("--check needs check_inputs.bin and check_expected.json next to this script.")
    if args.save:
        torch.save(model.state_dict(), args.save)
        print("saved " + args.save)


if __name__ == "__main__":
    main()
`;
