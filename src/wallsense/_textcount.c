/* Counts over block texts for blockstats.py, one pass per text in C instead of several regex and
   str passes in Python. Each count is defined by the Python expression it replaces (see COUNTS in
   blockstats.py) and uses the same character predicates Python's re and str methods use, so both
   give the same numbers; the tests compare them on random text. Optional: without a C compiler the
   package installs without it and blockstats.py counts in Python. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

enum { WORDS, WORD_CHARS, STOPS, DIGITS, UPPER, SENTENCES, CONSONANT_RUNS, INITIALS, N_COUNTS };

#define HEAD_CHARS 2000  /* digits and capitals: in t[:2000] */
#define INITIAL_WORDS 300  /* capitalised words: of t.split()[:300] */
#define CONSONANT_RUN 5

/* re's \w on str: alphanumeric (str.isalnum) or the underscore */
static int is_word(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) || c == '_'; }

/* [A-ZÀ-ÖØ-ÞĀ-Ž] */
static int is_capital(Py_UCS4 c) {
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xDE)
           || (c >= 0x100 && c <= 0x17D);
}

/* [bcdfghjklmnpqrstvwxzßçñłſ] */
static int is_consonant(Py_UCS4 c) {
    if (c >= 'a' && c <= 'z') return c != 'a' && c != 'e' && c != 'i' && c != 'o' && c != 'u' && c != 'y';
    return c == 0xDF || c == 0xE7 || c == 0xF1 || c == 0x142 || c == 0x17F;
}

/* [.!?…] and ["'»«“”)] */
static int is_mark(Py_UCS4 c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }
static int is_closer(Py_UCS4 c) {
    return c == '"' || c == '\'' || c == 0xBB || c == 0xAB || c == 0x201C || c == 0x201D || c == ')';
}

/* \w+ runs of `low`: how many, their characters, how many are in `stops` (words longer than
   `stop_len` are never looked up). */
static int count_words(PyObject *low, PyObject *stops, Py_ssize_t stop_len, int64_t *out) {
    const int kind = PyUnicode_KIND(low);
    const void *data = PyUnicode_DATA(low);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(low);
    Py_ssize_t i = 0;
    while (i < n) {
        if (!is_word(PyUnicode_READ(kind, data, i))) { i++; continue; }
        Py_ssize_t start = i;
        while (i < n && is_word(PyUnicode_READ(kind, data, i))) i++;
        out[WORDS]++;
        out[WORD_CHARS] += i - start;
        if (i - start <= stop_len) {
            PyObject *word = PyUnicode_Substring(low, start, i);
            if (word == NULL) return -1;
            int found = PySet_Contains(stops, word);
            Py_DECREF(word);
            if (found < 0) return -1;
            out[STOPS] += found;
        }
    }
    return 0;
}

/* re.findall(r"[.!?…][\"'»«“”)]?(?:\s|$)", t): a mark, perhaps a closer, then white space (taken
   into the match) or the end. */
static int64_t count_sentences(int kind, const void *data, Py_ssize_t n) {
    int64_t found = 0;
    Py_ssize_t i = 0;
    while (i < n) {
        if (!is_mark(PyUnicode_READ(kind, data, i))) { i++; continue; }
        Py_ssize_t j = i + 1;
        if (j < n && is_closer(PyUnicode_READ(kind, data, j))) j++;
        if (j == n) { found++; break; }
        if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j))) { found++; i = j + 1; continue; }
        i++;
    }
    return found;
}

static int count_text(PyObject *text, int64_t *out) {
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const Py_ssize_t head = n < HEAD_CHARS ? n : HEAD_CHARS;
    for (Py_ssize_t i = 0; i < head; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        out[DIGITS] += Py_UNICODE_ISDECIMAL(c) != 0;
        out[UPPER] += is_capital(c);
    }
    out[SENTENCES] = count_sentences(kind, data, n);
    /* the first INITIAL_WORDS white-space separated words, as str.split() cuts them */
    int64_t words = 0;
    for (Py_ssize_t i = 0; i < n && words < INITIAL_WORDS;) {
        if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) { i++; continue; }
        words++;
        out[INITIALS] += Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, i)) != 0;
        while (i < n && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) i++;
    }
    return 0;
}

/* re.findall(r"[bcdfghjklmnpqrstvwxzßçñłſ]{5,}", head): maximal runs of 5 or more */
static int64_t count_consonant_runs(PyObject *head) {
    const int kind = PyUnicode_KIND(head);
    const void *data = PyUnicode_DATA(head);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(head);
    int64_t runs = 0;
    Py_ssize_t length = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        if (i < n && is_consonant(PyUnicode_READ(kind, data, i))) { length++; continue; }
        runs += length >= CONSONANT_RUN;
        length = 0;
    }
    return runs;
}

static PyObject *counts(PyObject *self, PyObject *args) {
    PyObject *texts, *lows, *heads, *stops;
    Py_ssize_t stop_len;
    Py_buffer out;
    if (!PyArg_ParseTuple(args, "O!O!O!O!nw*", &PyList_Type, &texts, &PyList_Type, &lows, &PyList_Type, &heads,
                          &PyFrozenSet_Type, &stops, &stop_len, &out)) {
        return NULL;
    }
    const Py_ssize_t n = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(lows) != n || PyList_GET_SIZE(heads) != n
            || out.len != n * N_COUNTS * (Py_ssize_t)sizeof(int64_t)) {
        PyBuffer_Release(&out);
        PyErr_SetString(PyExc_ValueError, "texts, lows, heads and out differ in length");
        return NULL;
    }
    int64_t *rows = out.buf;
    memset(rows, 0, out.len);
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b), *low = PyList_GET_ITEM(lows, b), *head = PyList_GET_ITEM(heads, b);
        if (!PyUnicode_Check(text) || !PyUnicode_Check(low) || !PyUnicode_Check(head)) {
            PyBuffer_Release(&out);
            PyErr_SetString(PyExc_TypeError, "texts, lows and heads must hold str");
            return NULL;
        }
        int64_t *row = rows + b * N_COUNTS;
        if (count_words(low, stops, stop_len, row) < 0 || count_text(text, row) < 0) {
            PyBuffer_Release(&out);
            return NULL;
        }
        row[CONSONANT_RUNS] = count_consonant_runs(head);
    }
    PyBuffer_Release(&out);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"counts", counts, METH_VARARGS,
     "counts(texts, lows, heads, stopwords, stop_len, out): fill out (len(texts) x 8 int64) with the "
     "counts of blockstats.COUNTS."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_textcount", NULL, -1, methods};

PyMODINIT_FUNC PyInit__textcount(void) { return PyModule_Create(&module); }
