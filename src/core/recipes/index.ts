/**
 * Recipe generators: pure text from plain data (graph, pruning setup, masks). The PyTorch recipe
 * (prune_torch.py), the TF Model Optimization recipe (prune_tfmot.py), results.json and the
 * export's README.txt. The zip that bundles them is src/engine/export-bundle.ts.
 */
export * from './types.ts';
export { toTorchLayout, torchParamName } from './layout.ts';
export { RecipeError } from './torch-model.ts';
export { TORCH_FILES, checkFiles, packMasks, torchRecipe } from './torch-recipe.ts';
export { TFMOT_SCRIPT, tfmotRecipe } from './tfmot.ts';
export {
  RESULTS_FORMAT,
  resultsJson,
  resultsObject,
  type AccuracyMeasure,
  type LatencyMeasure,
  type ResultsInput,
} from './results.ts';
export { readmeText, type ReadmeInput } from './readme.ts';
