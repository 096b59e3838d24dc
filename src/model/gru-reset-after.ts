/**
 * A GRU with Keras's reset_after=True (the Keras 2 default, and cuDNN's and torch's form), which
 * TensorFlow.js's own GRUCell refuses. Gates z, r, h in kernel columns as TensorFlow.js orders
 * them; the bias has two rows, [input bias; recurrent bias], each [3H]:
 *   x_g = x W_g + b_in_g,  i_g = h U_g + b_rec_g  (g = z, r, h)
 *   z = σ(x_z + i_z),  r = σ(x_r + i_r),  ĥ = act(x_h + r * i_h),  h' = z * h + (1 - z) * ĥ
 * (with reset_after=False the reset gate acts before the product instead: ĥ = act(x_h + (r * h) U_h)).
 * Used inside tf.layers.rnn, so the time loop, masks of the layer's variables and training are the
 * ones every tfjs RNN has; weights are named kernel, recurrent_kernel and bias like GRU's.
 */
import * as tf from './tf.ts';

type ActivationName = NonNullable<Parameters<typeof tf.layers.activation>[0]['activation']>;

export interface GruResetAfterArgs {
  units: number;
  activation?: ActivationName;
  recurrentActivation?: ActivationName;
  useBias?: boolean;
  name?: string;
}

export class GruResetAfterCell extends tf.layers.RNNCell {
  static className = 'GruResetAfterCell';
  readonly stateSize: number;
  private readonly units: number;
  private readonly useBias: boolean;
  private readonly activationName: ActivationName;
  private readonly gateName: ActivationName;
  private readonly act: tf.layers.Layer;
  private readonly gate: tf.layers.Layer;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: GruResetAfterArgs) {
    super({ name: args.name });
    this.units = args.units;
    this.stateSize = args.units;
    this.useBias = args.useBias ?? true;
    this.activationName = args.activation ?? 'tanh';
    this.gateName = args.recurrentActivation ?? 'hardSigmoid';
    this.act = tf.layers.activation({ activation: this.activationName });
    this.gate = tf.layers.activation({ activation: this.gateName });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const F = shape[shape.length - 1] as number;
    const H = this.units;
    const zeros = tf.initializers.zeros();
    this.kernel = this.addWeight('kernel', [F, 3 * H], 'float32', zeros);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [H, 3 * H], 'float32', zeros);
    this.bias = this.useBias ? this.addWeight('bias', [2, 3 * H], 'float32', zeros) : null;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, hPrev] = inputs as tf.Tensor[];
      let matrixX = tf.matMul(x as tf.Tensor2D, this.kernel!.read() as tf.Tensor2D);
      let matrixInner = tf.matMul(
        hPrev as tf.Tensor2D,
        this.recurrentKernel!.read() as tf.Tensor2D,
      );
      if (this.bias) {
        const [bIn, bRec] = tf.unstack(this.bias.read());
        matrixX = tf.add(matrixX, bIn);
        matrixInner = tf.add(matrixInner, bRec);
      }
      const [xZ, xR, xH] = tf.split(matrixX, 3, 1);
      const [iZ, iR, iH] = tf.split(matrixInner, 3, 1);
      const z = this.gate.apply(tf.add(xZ, iZ)) as tf.Tensor;
      const r = this.gate.apply(tf.add(xR, iR)) as tf.Tensor;
      const hh = this.act.apply(tf.add(xH, tf.mul(r, iH))) as tf.Tensor;
      const h = tf.add(tf.mul(z, hPrev), tf.mul(tf.sub(1, z), hh));
      return [h, h];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activationName,
      recurrentActivation: this.gateName,
      useBias: this.useBias,
    };
  }
}
tf.serialization.registerClass(GruResetAfterCell);

/** A whole-sequence GRU layer (last output) with reset_after=True; weights start at zero. */
export function gruResetAfter(
  args: GruResetAfterArgs & { name: string; inputShape?: number[] },
): tf.layers.Layer {
  const { name, inputShape, ...cell } = args;
  return tf.layers.rnn({
    cell: new GruResetAfterCell(cell),
    name,
    ...(inputShape ? { inputShape } : {}),
  });
}
