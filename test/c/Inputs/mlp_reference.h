/*===- mlp_reference.h - Inputs and outputs of Inputs/mlp.onnxtxt ---------===*
 *
 * The inputs mlp_app.c and weights_app.c run the MLP on, and its outputs
 * computed without torch: every value is a multiple of 1/64, so any
 * summation order gives these exact numbers.
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_TEST_C_MLP_REFERENCE_H
#define KILN_TEST_C_MLP_REFERENCE_H

static const float kX[2][4] = {{1.0f, -2.0f, 0.5f, 3.0f},
                               {-1.0f, 0.25f, 2.0f, -0.5f}};
static const float kScale[3] = {2.0f, -1.0f, 0.5f};
static const float kLogits[2][3] = {{5.25f, 3.1875f, 0.53125f},
                                    {1.75f, 2.5f, -0.328125f}};
static const float kHidden[2][5] = {{0.0f, 0.0f, 1.5f, 3.125f, 0.875f},
                                    {1.625f, 1.0625f, 1.0625f, 2.25f, 0.0f}};

#endif /* KILN_TEST_C_MLP_REFERENCE_H */
