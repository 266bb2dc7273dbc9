/**
 * The ONNX graphs of the policy MLP (model.ts), built at run time for the configured network, and its backward pass
 * written out by hand, since onnxruntime has no training API in Node. Parameters are graph inputs p0, p1, ... in
 * model order (weightShapes: W_0, b_0, W_1, b_1, ...), so the engine updates them in place between runs.
 *
 * Forward, for hidden layers l = 1..L (z_l the pre-activations, h_l = relu(z_{l-1})):
 *   z_0 = x W_0 + b_0             (features x), or  z_0 = W_0[idx] + b_0  (one-hot input: a row gather)
 *   z_l = h_l W_l + b_l,  h_l = relu(z_{l-1}),   out = z_L.
 * Backward from dz_L = d loss / d out (the chain rule through each Gemm and the ReLU mask):
 *   dW_l = h_l^T dz_l,  db_l = sum_rows dz_l,  dz_{l-1} = (dz_l W_l^T) * [h_l > 0]
 *   dW_0 = x^T dz_0 (features); for one-hot inputs the graph returns dz_0 and the engine adds its rows into the rows
 *   of W_0 they were gathered from (the gather's adjoint, a scatter-add).
 * tfjs's relu gradient is dy * [x > 0], which is [h > 0] since h = relu(x): the two agree at 0 too.
 */
import { onnx } from 'onnx-proto';

/** The MLP a graph is built for: input kind and width, hidden width and count, output width. */
export interface MlpShape {
  /** Width of the features; 0: one-hot of the state id (the first layer gathers rows of W_0). */
  inputDim: number;
  nStates: number;
  hidden: number;
  layers: number;
  outputs: number;
}

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT32 = onnx.TensorProto.DataType.INT32;
const INT64 = onnx.TensorProto.DataType.INT64;
/** Opset 17: ReduceSum takes its axes as an input (13+); every op used here is in it. */
const OPSET = 17;

const param = (i: number) => `p${i}`;
export const activation = (l: number) => `h${l}`;

function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

function node(opType: string, input: string[], output: string[], attribute: onnx.IAttributeProto[] = []): onnx.INodeProto {
  return { opType, input, output, attribute, name: output[0] };
}

const intAttribute = (name: string, i: number): onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });

function encode(graph: onnx.IGraphProto): Uint8Array {
  const model: onnx.IModelProto = { irVersion: 8, producerName: 'gflownet-studio', opsetImport: [{ domain: '', version: OPSET }], graph };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Parameter shapes in model order (the same as weightShapes in model.ts for an MLP). */
export function parameterShapes(s: MlpShape): number[][] {
  const shapes: number[][] = [];
  let fanIn = s.inputDim > 0 ? s.inputDim : s.nStates;
  for (let l = 0; l < s.layers; l++) {
    shapes.push([fanIn, s.hidden], [s.hidden]);
    fanIn = s.hidden;
  }
  shapes.push([fanIn, s.outputs], [s.outputs]);
  return shapes;
}

function parameterInputs(s: MlpShape, indices: number[]): onnx.IValueInfoProto[] {
  const shapes = parameterShapes(s);
  return indices.map((i) => valueInfo(param(i), FLOAT, shapes[i]));
}

const allIndices = (s: MlpShape) => Array.from({ length: 2 * (s.layers + 1) }, (_, i) => i);

/**
 * The forward graph: inputs `idx` (int32 [R]) or `x` (float [R, inputDim]) and every parameter; outputs `out`
 * [R, outputs] and, when `keepActivations`, h_1..h_L (what the backward graph reads).
 */
export function forwardGraph(s: MlpShape, keepActivations: boolean): Uint8Array {
  const nodes: onnx.INodeProto[] = [];
  const input = s.inputDim > 0 ? valueInfo('x', FLOAT, ['R', s.inputDim]) : valueInfo('idx', INT32, ['R']);
  const z = (l: number) => (l === s.layers ? 'out' : `z${l}`);
  if (s.inputDim > 0) nodes.push(node('Gemm', ['x', param(0), param(1)], [z(0)]));
  else nodes.push(node('Gather', [param(0), 'idx'], ['g0'], [intAttribute('axis', 0)]), node('Add', ['g0', param(1)], [z(0)]));
  for (let l = 1; l <= s.layers; l++) {
    nodes.push(node('Relu', [z(l - 1)], [activation(l)]), node('Gemm', [activation(l), param(2 * l), param(2 * l + 1)], [z(l)]));
  }
  const outputs = [valueInfo('out', FLOAT, ['R', s.outputs])];
  if (keepActivations) for (let l = 1; l <= s.layers; l++) outputs.push(valueInfo(activation(l), FLOAT, ['R', s.hidden]));
  return encode({ name: 'policy_forward', node: nodes, input: [input, ...parameterInputs(s, allIndices(s))], output: outputs });
}

/** The name of the backward graph's output for parameter i; for a one-hot W_0 it is dz0, the rows to scatter. */
export function gradientName(s: MlpShape, i: number): string {
  return i === 0 && s.inputDim === 0 ? 'dz0' : `g${i}`;
}

/**
 * The backward graph: inputs `dout` [R, outputs], h_1..h_L, the weight matrices W_1..W_L (W_0's rows are not read),
 * and `x` for a features input; outputs g_i = d loss / d p_i for every parameter (dz0 instead of g0 for one-hot).
 */
export function backwardGraph(s: MlpShape): Uint8Array {
  const nodes: onnx.INodeProto[] = [];
  const dz = (l: number) => (l === s.layers ? 'dout' : `dz${l}`);
  const axes: onnx.ITensorProto = { name: 'rows_axis', dataType: INT64, dims: [1], int64Data: [0] };
  const zero: onnx.ITensorProto = { name: 'zero', dataType: FLOAT, dims: [], floatData: [0] };
  const sum = (l: number) => node('ReduceSum', [dz(l), 'rows_axis'], [`g${2 * l + 1}`], [intAttribute('keepdims', 0)]);
  for (let l = s.layers; l >= 1; l--) {
    const h = activation(l);
    nodes.push(
      node('Gemm', [h, dz(l)], [`g${2 * l}`], [intAttribute('transA', 1)]),
      sum(l),
      node('Gemm', [dz(l), param(2 * l)], [`dh${l}`], [intAttribute('transB', 1)]),
      node('Greater', [h, 'zero'], [`mask${l}`]),
      node('Where', [`mask${l}`, `dh${l}`, 'zero'], [dz(l - 1)]),
    );
  }
  nodes.push(sum(0));
  if (s.inputDim > 0) nodes.push(node('Gemm', ['x', dz(0)], ['g0'], [intAttribute('transA', 1)]));
  const inputs = [valueInfo('dout', FLOAT, ['R', s.outputs])];
  for (let l = 1; l <= s.layers; l++) inputs.push(valueInfo(activation(l), FLOAT, ['R', s.hidden]));
  inputs.push(...parameterInputs(s, Array.from({ length: s.layers }, (_, k) => 2 * (k + 1))));
  if (s.inputDim > 0) inputs.push(valueInfo('x', FLOAT, ['R', s.inputDim]));
  const shapes = parameterShapes(s);
  const outputs = shapes.map((shape, i) => {
    const name = gradientName(s, i);
    return valueInfo(name, FLOAT, name === 'dz0' ? ['R', s.layers > 0 ? s.hidden : s.outputs] : shape);
  });
  // A one-hot network without hidden layers: dz0 is dout itself, which a graph output cannot alias an input as.
  if (s.inputDim === 0 && s.layers === 0) nodes.push(node('Identity', ['dout'], ['dz0']));
  // zero masks the ReLUs: a network without hidden layers has none (onnxruntime warns on stderr of an unused initializer).
  return encode({ name: 'policy_backward', node: nodes, input: inputs, output: outputs, initializer: s.layers > 0 ? [axes, zero] : [axes] });
}

/** The parameters the backward graph reads (the weight matrices after the first). */
export function backwardParameters(s: MlpShape): number[] {
  return Array.from({ length: s.layers }, (_, k) => 2 * (k + 1));
}
