package notebook

import (
	"regexp"
	"slices"
)

// gpuModules are imports that mean a notebook was written for a GPU.
var gpuModules = []string{"torch", "tensorflow", "keras", "jax", "cupy", "cudf", "cuml", "mxnet", "pytorch_lightning", "lightning", "fastai", "transformers", "timm", "tensorflow_hub", "pycuda", "numba"}

// gpuUse are source patterns of explicit GPU use.
var gpuUse = regexp.MustCompile(`\.cuda\(|["']cuda(:\d+)?["']|torch\.device\(|device_type["']?\s*[:=]\s*["']gpu|tree_method\s*=\s*["']gpu_hist|["']GPU["']|tf\.test\.is_gpu_available|list_physical_devices|nvidia-smi|task_type\s*=\s*["']GPU`)

// NeedsGPU is the static GPU-need check (as in the study): a notebook that
// imports a deep-learning or CUDA library, or asks for a CUDA device, is run
// on a GPU worker when there is one; every other notebook runs on a CPU.
func (nb *Notebook) NeedsGPU() bool {
	for _, m := range nb.Imports() {
		if slices.Contains(gpuModules, m) {
			return true
		}
	}
	for _, c := range nb.CodeCells() {
		if gpuUse.MatchString(c.Source) {
			return true
		}
	}
	return false
}
