// RUN: kiln-opt %s -split-input-file -kiln-place-weights=placement=file | FileCheck %s --check-prefix=FILE
// RUN: kiln-opt %s -split-input-file -kiln-place-weights="placement=section section=.ext_flash" | FileCheck %s --check-prefix=SECTION
// RUN: kiln-opt %s -split-input-file -kiln-place-weights | FileCheck %s --check-prefix=OBJECT

// --weights-file: three used constants (float, bool, a splat of i16) move
// to the file at 64-byte aligned offsets after the 64-byte header; @main
// takes the file as a new last argument and views it; the unused constant
// is left for symbol DCE. The resource is the whole file: magic "KILNWTS\0",
// version 1, payload offset 64, payload size 136 (0x88), CRC-32 0x72cbb351
// (zlib.crc32 of bytes 64..200), then 1.0f 2.0f 3.0f 4.0f at 64, the bools
// as bytes 01 00 01 at 128, four 7s as int16 at 192.
// FILE-LABEL: module attributes {kiln.weights = {align = 64 : i64, blob = dense_resource<kiln_weights> : tensor<200xi8>, checksum = 1925952337 : i64,
// FILE-SAME: entries = [{offset = 64 : i64, size = 16 : i64, symbol = "w", type = tensor<4xf32>}, {offset = 128 : i64, size = 3 : i64, symbol = "mask", type = tensor<3xi1>}, {offset = 192 : i64, size = 8 : i64, symbol = "seven", type = tensor<2x2xi16>}],
// FILE-SAME: format_version = 1 : i64, placement = "file", size = 200 : i64}}
// FILE-NOT: memref.global "private" constant @w
// FILE: memref.global "private" constant @unused
// FILE-NOT: memref.global
// FILE: func.func @main(%{{.*}}: memref<4xf32>, %{{.*}}: memref<4xf32>, %{{.*}}: memref<0xi8>, %[[W:.*]]: memref<200xi8>)
// FILE-DAG: %[[C64:.*]] = arith.constant 64 : index
// FILE-DAG: %[[C128:.*]] = arith.constant 128 : index
// FILE-DAG: %[[C192:.*]] = arith.constant 192 : index
// FILE-NOT: memref.get_global
// FILE: memref.view %[[W]][%[[C64]]][] : memref<200xi8> to memref<4xf32>
// FILE: memref.view %[[W]][%[[C128]]][] : memref<200xi8> to memref<3xi1>
// FILE: memref.view %[[W]][%[[C192]]][] : memref<200xi8> to memref<2x2xi16>
// FILE-NOT: memref.get_global
// FILE: kiln_weights: "0x40000000
// FILE-SAME: 4B494C4E57545300
// FILE-SAME: 01000000
// FILE-SAME: 40000000
// FILE-SAME: 8800000000000000
// FILE-SAME: 51B3CB72
// FILE-SAME: 0000803F000000400000404000008040
// FILE-SAME: 010001
// FILE-SAME: 0700070007000700"

// --weights-section: nothing moves yet; the weights are recorded for
// kiln-apply-weights-section.
// SECTION-LABEL: module attributes {kiln.weights = {entries = [{size = 16 : i64, symbol = "w", type = tensor<4xf32>}, {size = 3 : i64, symbol = "mask", type = tensor<3xi1>}, {size = 8 : i64, symbol = "seven", type = tensor<2x2xi16>}, {size = 8 : i64, symbol = "unused", type = tensor<2xf32>}], placement = "section", section = ".ext_flash"}}
// SECTION: memref.get_global @w

// The default placement changes nothing.
// OBJECT-LABEL: module {
// OBJECT: memref.global "private" constant @w
// OBJECT: func.func @main(%{{.*}}: memref<4xf32>, %{{.*}}: memref<4xf32>, %{{.*}}: memref<0xi8>) {
// OBJECT: memref.get_global @w
module {
  memref.global "private" constant @w : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]> {alignment = 64 : i64}
  memref.global "private" constant @mask : memref<3xi1> = dense<[true, false, true]> {alignment = 64 : i64}
  memref.global "private" constant @seven : memref<2x2xi16> = dense<7> {alignment = 64 : i64}
  memref.global "private" constant @unused : memref<2xf32> = dense<5.0> {alignment = 64 : i64}
  func.func @main(%x: memref<4xf32>, %y: memref<4xf32>, %ws: memref<0xi8>) {
    %w = memref.get_global @w : memref<4xf32>
    %m = memref.get_global @mask : memref<3xi1>
    %s = memref.get_global @seven : memref<2x2xi16>
    %c0 = arith.constant 0 : index
    %a = memref.load %w[%c0] : memref<4xf32>
    memref.store %a, %y[%c0] : memref<4xf32>
    %b = memref.load %m[%c0] : memref<3xi1>
    %t = memref.load %s[%c0, %c0] : memref<2x2xi16>
    return
  }
}

// -----

// A model without weights still gets a file: the header alone.
// FILE-LABEL: module attributes {kiln.weights = {align = 64 : i64, blob = dense_resource<kiln_weights> : tensor<64xi8>, checksum = 0 : i64, entries = [], format_version = 1 : i64, placement = "file", size = 64 : i64}}
// FILE: func.func @main(%{{.*}}: memref<4xf32>, %{{.*}}: memref<0xi8>, %{{.*}}: memref<64xi8>)
// SECTION-LABEL: module attributes {kiln.weights = {entries = [], placement = "section", section = ".ext_flash"}}
module {
  func.func @main(%y: memref<4xf32>, %ws: memref<0xi8>) {
    return
  }
}
