/*===- run_models.c - Runs mlp and convnet through the C ABI ---------------===*
 *
 * Input of run-models.test. Links the objects compiled from mlp.mlir and
 * convnet.mlir (two models in one program), checks the outputs against
 * plain C references, the status codes of NAME_run and the NAME_info
 * constants. Prints "<model> ok" per passing model.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_runtime.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const float *x; } mlp_inputs;
typedef struct { float *y; } mlp_outputs;
int32_t mlp_run(const mlp_inputs *in, mlp_outputs *out, void *workspace);
extern const kiln_model_info mlp_info;

typedef struct { const float *image; } convnet_inputs;
typedef struct { float *features, *summary, *mathy, *concat; } convnet_outputs;
int32_t convnet_run(const convnet_inputs *in, convnet_outputs *out,
                    void *workspace);
extern const kiln_model_info convnet_info;

static int compare(const char *what, const float *got, const float *want,
                   int n, float tolerance) {
  for (int i = 0; i < n; ++i) {
    float err = fabsf(got[i] - want[i]);
    if (!(err <= tolerance * (1 + fabsf(want[i])))) {
      printf("%s[%d]: got %.9g, want %.9g\n", what, i, got[i], want[i]);
      return 1;
    }
  }
  return 0;
}

/* A workspace that is never zero, so a model relying on it would fail. */
static void *workspace_for(const kiln_model_info *info) {
  size_t size = info->workspace_size ? info->workspace_size : 64;
  void *ws = aligned_alloc(info->workspace_align, size);
  memset(ws, 0xAB, size);
  return ws;
}

static int run_mlp(void) {
  static const float x[8] = {1, 2, 3, 4, -1, 0.5f, 0.25f, -2};
  static const float w[12] = {1, 0, -1, 0.5f, 1, 0, 0, -2, 1, 1, 1, 1};
  static const float b[3] = {-0.5f, 1, 2};
  float ref[6], y[6];
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) {
      float s = 0;
      for (int k = 0; k < 4; ++k)
        s += x[i * 4 + k] * w[k * 3 + j];
      float t = tanhf(s + b[j]);
      ref[i * 3 + j] = t > 0 ? t : 0;
    }
  mlp_inputs in = {x};
  mlp_outputs out = {y};
  mlp_outputs null_out = {NULL};
  char *ws = workspace_for(&mlp_info);
  int bad = 0;
  if (mlp_run(&in, &out, ws) != KILN_STATUS_OK ||
      compare("mlp.y", y, ref, 6, 1e-5f))
    bad = 1;
  /* Status codes: NULL structs, tensors or workspace; misalignment. */
  if (mlp_run(NULL, &out, ws) != KILN_STATUS_INVALID_ARGUMENT ||
      mlp_run(&in, NULL, ws) != KILN_STATUS_INVALID_ARGUMENT ||
      mlp_run(&in, &null_out, ws) != KILN_STATUS_INVALID_ARGUMENT ||
      mlp_run(&in, &out, NULL) != KILN_STATUS_INVALID_ARGUMENT ||
      mlp_run(&in, &out, ws + 4) != KILN_STATUS_MISALIGNED) {
    printf("mlp: wrong status code\n");
    bad = 1;
  }
  /* The info constant mirrors the model and points at NAME_run. */
  const kiln_model_info *info = &mlp_info;
  if (info->abi_version != KILN_ABI_VERSION || strcmp(info->name, "mlp") ||
      info->num_inputs != 1 || info->num_outputs != 1 ||
      strcmp(info->inputs[0].name, "x") ||
      info->inputs[0].dtype != KILN_DTYPE_F32 || info->inputs[0].rank != 2 ||
      info->inputs[0].shape[0] != 2 || info->inputs[0].shape[1] != 4 ||
      info->inputs[0].size_bytes != 32 || strcmp(info->outputs[0].name, "y") ||
      info->outputs[0].size_bytes != 24 || info->workspace_align != 64 ||
      info->workspace_size % 64 != 0 || info->run != (kiln_run_fn)mlp_run) {
    printf("mlp: wrong info\n");
    bad = 1;
  }
  /* The generic entry point through the info constant. */
  const void *ins[1] = {x};
  float y2[6];
  void *outs[1] = {y2};
  if (info->run(ins, outs, ws) != KILN_STATUS_OK ||
      compare("mlp.y (generic)", y2, ref, 6, 1e-5f))
    bad = 1;
  free(ws);
  if (!bad)
    printf("mlp ok\n");
  return bad;
}

static int run_convnet(void) {
  float img[50], w[54], b[3] = {0.5f, -1.0f, 0.25f};
  for (int i = 0; i < 50; ++i)
    img[i] = ((i * 13) % 17 - 8) / 3.0f;
  for (int i = 0; i < 54; ++i)
    w[i] = ((i * 7) % 11 - 5) / 4.0f;
  float feat[75], sum[3] = {0, 0, 0}, mathy[10], cat[6];
  for (int oc = 0; oc < 3; ++oc)
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 5; ++x) {
        float s = 0;
        for (int ic = 0; ic < 2; ++ic)
          for (int ky = 0; ky < 3; ++ky)
            for (int kx = 0; kx < 3; ++kx) {
              int iy = y + ky - 1, ix = x + kx - 1;
              if (iy < 0 || iy >= 5 || ix < 0 || ix >= 5)
                continue;
              s += img[ic * 25 + iy * 5 + ix] *
                   w[((oc * 2 + ic) * 3 + ky) * 3 + kx];
            }
        s += b[oc];
        feat[oc * 25 + y * 5 + x] = s > 0 ? s : 0;
        sum[oc] += feat[oc * 25 + y * 5 + x];
      }
  for (int i = 0; i < 10; ++i) {
    float a = img[i], a1 = fabsf(a) + 1;
    mathy[i] = expf(a) + logf(a1) + erff(a) + powf(a1, 1.5f) + floorf(a) +
               roundf(a) + sqrtf(a1) + fmodf(a, 2.0f);
  }
  for (int c = 0; c < 3; ++c) {
    cat[c] = sum[c];
    cat[3 + c] = feat[c * 25 + 12];
  }
  float o_feat[75], o_sum[3], o_mathy[10], o_cat[6];
  convnet_inputs in = {img};
  convnet_outputs out = {o_feat, o_sum, o_mathy, o_cat};
  void *ws = workspace_for(&convnet_info);
  int bad = convnet_run(&in, &out, ws) != KILN_STATUS_OK;
  bad |= compare("convnet.features", o_feat, feat, 75, 1e-5f);
  bad |= compare("convnet.summary", o_sum, sum, 3, 1e-5f);
  bad |= compare("convnet.mathy", o_mathy, mathy, 10, 1e-5f);
  bad |= compare("convnet.concat", o_cat, cat, 6, 1e-5f);
  if (convnet_info.num_outputs != 4 ||
      strcmp(convnet_info.outputs[3].name, "concat") ||
      convnet_info.outputs[0].rank != 4 ||
      convnet_info.outputs[0].shape[1] != 3 ||
      convnet_info.outputs[0].size_bytes != 300) {
    printf("convnet: wrong info\n");
    bad = 1;
  }
  free(ws);
  if (!bad)
    printf("convnet ok\n");
  return bad;
}

int main(void) {
  int bad = run_mlp();
  bad |= run_convnet();
  return bad;
}
