/* The tree walk of a CompiledForest (forest.py) in C: each row descends each tree node by node.

   It reads the forest's arrays as forest.py encodes them and adds the leaf values to the raw
   scores in the order the numpy walk adds them (baseline first, then iteration by iteration), so
   both give the same float64 sums. The arrays come through the buffer protocol. A CompiledForest
   checks its arrays when it is made or unpickled (dtypes, sizes, every state in range, children
   after parents, so every walk ends inside the arrays) and makes them read-only; this file checks
   their sizes again. Optional: without a C compiler the package installs without it and
   forest.py walks with numpy. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>

typedef struct {
    Py_buffer X, feature, threshold, nan_right, next_state, root_state, value, order, out;
} Buffers;

static void release(Buffers *b) {
    Py_buffer *all[] = {&b->X, &b->feature, &b->threshold, &b->nan_right, &b->next_state,
                        &b->root_state, &b->value, &b->order, &b->out};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (all[i]->obj != NULL) PyBuffer_Release(all[i]);
    }
}

static PyObject *raw_predict(PyObject *self, PyObject *args) {
    Buffers b = {0};
    Py_ssize_t rows, n_features, iterations, outputs;
    int shift, chunk_bits;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*y*y*w*nnnnii", &b.X, &b.feature, &b.threshold,
                          &b.nan_right, &b.next_state, &b.root_state, &b.value, &b.order, &b.out,
                          &rows, &n_features, &iterations, &outputs, &shift, &chunk_bits)) {
        release(&b);
        return NULL;
    }
    const int64_t splits = b.feature.len / 8, nodes = b.value.len / 8, trees = b.root_state.len / 8;
    const char *why = NULL;
    if (shift < 1 || shift > 60 || chunk_bits < 0 || chunk_bits > 60) why = "bad shift";
    else if (rows < 0 || n_features < 1 || iterations < 0 || outputs < 1) why = "bad shape";
    else if (b.X.len != rows * n_features * 8 || b.out.len != rows * outputs * 8) why = "X or out has the wrong size";
    else if (b.threshold.len != splits * 8 || b.nan_right.len != splits) why = "split arrays differ in length";
    else if (b.next_state.len != nodes * 16 || trees != iterations * outputs || b.order.len != trees * 8)
        why = "node or tree arrays differ in length";
    if (why != NULL) {
        release(&b);
        PyErr_SetString(PyExc_ValueError, why);
        return NULL;
    }
    const int64_t *feature = b.feature.buf, *next_state = b.next_state.buf;
    const int64_t *root_state = b.root_state.buf, *order = b.order.buf;
    const double *X = b.X.buf, *threshold = b.threshold.buf, *value = b.value.buf;
    const unsigned char *nan_right = b.nan_right.buf;
    double *out = b.out.buf;
    const int64_t split_mask = ((int64_t)1 << shift) - 1;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t it = 0; it < iterations; it++) {
        for (Py_ssize_t k = 0; k < outputs; k++) {
            const int64_t root = root_state[order[k * iterations + it]];
            for (Py_ssize_t r = 0; r < rows; r++) {
                const double *x = X + r * n_features;
                int64_t state = root;
                for (;;) {
                    const int64_t slot = state >> shift;
                    if (next_state[slot] == state) break;  /* a leaf */
                    const int64_t split = (state & split_mask) >> chunk_bits;
                    const double v = x[feature[split]];
                    state = next_state[slot + (v > threshold[split] || (isnan(v) && nan_right[split]))];
                }
                out[r * outputs + k] += value[state >> (shift + 1)];
            }
        }
    }
    Py_END_ALLOW_THREADS
    release(&b);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"raw_predict", raw_predict, METH_VARARGS,
     "raw_predict(X, feature, threshold, nan_right, next_state, root_state, value, order, out, rows, "
     "n_features, iterations, outputs, shift, chunk_bits): add each tree's leaf value to out."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_walk", NULL, -1, methods};

PyMODINIT_FUNC PyInit__walk(void) { return PyModule_Create(&module); }
