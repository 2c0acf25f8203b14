;; The two matrix products of the fused mean-field ELBO kernel (src/model/meanFieldKernel.ts),
;; in WebAssembly with 128-bit SIMD: float32, four Monte Carlo draws per vector.
;; Compiled by scripts/build-wasm.ts into meanFieldProducts.wasm.ts (checked by
;; test/model/wasmProducts.test.ts).
;;
;; Why: at 40 participants x 330 features these products are almost all of an ELBO step, and
;; scalar JavaScript runs them at ~1 ns per multiply-add; here four draws share each load and
;; multiply (measured ~0.1 ns per multiply-add, docs/model.md "Speed").
;;
;; Layout (all float32, row-major, byte offsets passed by the caller, K a multiple of 4):
;;   m, v    [S, P]  conditional mean and variance of delta per participant and feature
;;   mT, vT  [P, S]  the same, transposed
;;   mask    [S]     training weight (rows with weight 0 are skipped by `forward`)
;;   w, w2   [P, K]  weights of each draw and their squares
;;   eta, etaVar, gMean, gVar  [S, K]
;;   dw, dv  [P, K]
;; and an elementwise exp on float64 (the weights' scales exp(-a / 2) of every draw, the
;; variational SDs), which JavaScript's Math.exp computes ~5x slower.
(module
  (memory (export "memory") 1)

  ;; eta[s, k] = sum_p w[p, k] m[s, p] and etaVar[s, k] = sum_p w2[p, k] v[s, p], for every
  ;; s with mask[s] != 0 (other rows of eta and etaVar are left as they were).
  (func (export "forward")
    (param $m i32) (param $v i32) (param $w i32) (param $w2 i32) (param $mask i32)
    (param $eta i32) (param $etaVar i32) (param $S i32) (param $P i32) (param $K i32)
    (local $s i32) (local $k i32) (local $p i32) (local $mAt i32) (local $vFromM i32)
    (local $wAt i32) (local $w2FromW i32) (local $stride i32) (local $out i32)
    (local $sumMean v128) (local $sumVar v128)
    (local.set $stride (i32.shl (local.get $K) (i32.const 2)))
    (local.set $vFromM (i32.sub (local.get $v) (local.get $m)))
    (local.set $w2FromW (i32.sub (local.get $w2) (local.get $w)))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $s) (local.get $S)))
      (if (f32.ne (f32.load (i32.add (local.get $mask) (i32.shl (local.get $s) (i32.const 2))))
                  (f32.const 0))
        (then
          (local.set $k (i32.const 0))
          (block $drawsDone (loop $draws
            (br_if $drawsDone (i32.ge_u (local.get $k) (local.get $K)))
            (local.set $sumMean (v128.const f32x4 0 0 0 0))
            (local.set $sumVar (v128.const f32x4 0 0 0 0))
            (local.set $mAt (i32.add (local.get $m)
              (i32.shl (i32.mul (local.get $s) (local.get $P)) (i32.const 2))))
            (local.set $wAt (i32.add (local.get $w) (i32.shl (local.get $k) (i32.const 2))))
            (local.set $p (i32.const 0))
            (block $featuresDone (loop $features
              (br_if $featuresDone (i32.ge_u (local.get $p) (local.get $P)))
              (local.set $sumMean (f32x4.add (local.get $sumMean)
                (f32x4.mul (v128.load32_splat (local.get $mAt)) (v128.load (local.get $wAt)))))
              (local.set $sumVar (f32x4.add (local.get $sumVar)
                (f32x4.mul (v128.load32_splat (i32.add (local.get $mAt) (local.get $vFromM)))
                           (v128.load (i32.add (local.get $wAt) (local.get $w2FromW))))))
              (local.set $mAt (i32.add (local.get $mAt) (i32.const 4)))
              (local.set $wAt (i32.add (local.get $wAt) (local.get $stride)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $features)))
            (local.set $out (i32.shl (i32.add (i32.mul (local.get $s) (local.get $K)) (local.get $k))
                                     (i32.const 2)))
            (v128.store (i32.add (local.get $eta) (local.get $out)) (local.get $sumMean))
            (v128.store (i32.add (local.get $etaVar) (local.get $out)) (local.get $sumVar))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $draws)))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $rows))))

  ;; dw[p, k] = sum_s gMean[s, k] mT[p, s] and dv[p, k] = sum_s gVar[s, k] vT[p, s]
  ;; (rows the fit does not train on must have gMean = gVar = 0).
  (func (export "backward")
    (param $mT i32) (param $vT i32) (param $gMean i32) (param $gVar i32)
    (param $dw i32) (param $dv i32) (param $S i32) (param $P i32) (param $K i32)
    (local $s i32) (local $k i32) (local $p i32) (local $mAt i32) (local $vFromM i32)
    (local $gAt i32) (local $gVarFromMean i32) (local $stride i32) (local $out i32)
    (local $sumMean v128) (local $sumVar v128)
    (local.set $stride (i32.shl (local.get $K) (i32.const 2)))
    (local.set $vFromM (i32.sub (local.get $vT) (local.get $mT)))
    (local.set $gVarFromMean (i32.sub (local.get $gVar) (local.get $gMean)))
    (block $featuresDone (loop $features
      (br_if $featuresDone (i32.ge_u (local.get $p) (local.get $P)))
      (local.set $k (i32.const 0))
      (block $drawsDone (loop $draws
        (br_if $drawsDone (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $sumMean (v128.const f32x4 0 0 0 0))
        (local.set $sumVar (v128.const f32x4 0 0 0 0))
        (local.set $mAt (i32.add (local.get $mT)
          (i32.shl (i32.mul (local.get $p) (local.get $S)) (i32.const 2))))
        (local.set $gAt (i32.add (local.get $gMean) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $s (i32.const 0))
        (block $rowsDone (loop $rows
          (br_if $rowsDone (i32.ge_u (local.get $s) (local.get $S)))
          (local.set $sumMean (f32x4.add (local.get $sumMean)
            (f32x4.mul (v128.load32_splat (local.get $mAt)) (v128.load (local.get $gAt)))))
          (local.set $sumVar (f32x4.add (local.get $sumVar)
            (f32x4.mul (v128.load32_splat (i32.add (local.get $mAt) (local.get $vFromM)))
                       (v128.load (i32.add (local.get $gAt) (local.get $gVarFromMean))))))
          (local.set $mAt (i32.add (local.get $mAt) (i32.const 4)))
          (local.set $gAt (i32.add (local.get $gAt) (local.get $stride)))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br $rows)))
        (local.set $out (i32.shl (i32.add (i32.mul (local.get $p) (local.get $K)) (local.get $k))
                                 (i32.const 2)))
        (v128.store (i32.add (local.get $dw) (local.get $out)) (local.get $sumMean))
        (v128.store (i32.add (local.get $dv) (local.get $out)) (local.get $sumVar))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $draws)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $features))))

  ;; x[i] <- exp(x[i]) for i < n, float64, four values (two vectors, for instruction-level
  ;; parallelism) at a time: reads and writes up to x[n + 3] (the caller leaves room).
  ;; Cody-Waite reduction x = k ln 2 + r with |r| <= ln 2 / 2; k = round(x / ln 2) by adding and
  ;; subtracting 1.5 * 2^52, which also leaves k in the low bits of the sum (so 2^k is built as
  ;; the bits (k + 1023) << 52); exp(r) by its Taylor polynomial of degree 13 in Horner form
  ;; (truncation error below 2e-17 relative). x is clamped to [-708, 709] (pmax/pmin keep NaN
  ;; as NaN) so that 2^k stays a normal number. Relative error <= 2 ulp against Math.exp
  ;; (test/model/wasmProducts.test.ts). Measured ~3.6 ns per value against ~8.7 for Math.exp.
  (func (export "expInPlace") (param $x i32) (param $n i32)
    (local $end i32)
    (local $v v128) (local $t v128) (local $k v128) (local $r v128) (local $p v128)
    (local $v2 v128) (local $t2 v128) (local $k2 v128) (local $r2 v128) (local $p2 v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $quads
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $v (f64x2.pmin (f64x2.pmax (v128.load offset=0 (local.get $x))
                                             (v128.const f64x2 -708 -708))
                                (v128.const f64x2 709 709)))
      (local.set $t (f64x2.add (f64x2.mul (local.get $v)
                                           (v128.const f64x2 1.4426950408889634 1.4426950408889634))
                                (v128.const f64x2 6755399441055744 6755399441055744)))
      (local.set $k (f64x2.sub (local.get $t) (v128.const f64x2 6755399441055744 6755399441055744)))
      (local.set $r (f64x2.sub
        (f64x2.sub (local.get $v)
          (f64x2.mul (local.get $k) (v128.const f64x2 0.6931471803691238 0.6931471803691238)))
        (f64x2.mul (local.get $k) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
      (local.set $v2 (f64x2.pmin (f64x2.pmax (v128.load offset=16 (local.get $x))
                                             (v128.const f64x2 -708 -708))
                                (v128.const f64x2 709 709)))
      (local.set $t2 (f64x2.add (f64x2.mul (local.get $v2)
                                           (v128.const f64x2 1.4426950408889634 1.4426950408889634))
                                (v128.const f64x2 6755399441055744 6755399441055744)))
      (local.set $k2 (f64x2.sub (local.get $t2) (v128.const f64x2 6755399441055744 6755399441055744)))
      (local.set $r2 (f64x2.sub
        (f64x2.sub (local.get $v2)
          (f64x2.mul (local.get $k2) (v128.const f64x2 0.6931471803691238 0.6931471803691238)))
        (f64x2.mul (local.get $k2) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
      (local.set $p (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 1.984126984126984e-04 1.984126984126984e-04)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 1.388888888888889e-03 1.388888888888889e-03)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 8.333333333333333e-03 8.333333333333333e-03)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 4.1666666666666664e-02 4.1666666666666664e-02)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 0.16666666666666666 0.16666666666666666)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 0.5 0.5)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 1 1)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r))
        (v128.const f64x2 1 1)))
      (local.set $p2 (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 1.984126984126984e-04 1.984126984126984e-04)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 1.388888888888889e-03 1.388888888888889e-03)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 8.333333333333333e-03 8.333333333333333e-03)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 4.1666666666666664e-02 4.1666666666666664e-02)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 0.16666666666666666 0.16666666666666666)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 0.5 0.5)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 1 1)))
      (local.set $p2 (f64x2.add (f64x2.mul (local.get $p2) (local.get $r2))
        (v128.const f64x2 1 1)))
      (v128.store offset=0 (local.get $x) (f64x2.mul (local.get $p)
        (i64x2.shl (i64x2.add (i64x2.sub (local.get $t) (v128.const f64x2 6755399441055744 6755399441055744))
                              (v128.const i64x2 1023 1023))
                   (i32.const 52))))
      (v128.store offset=16 (local.get $x) (f64x2.mul (local.get $p2)
        (i64x2.shl (i64x2.add (i64x2.sub (local.get $t2) (v128.const f64x2 6755399441055744 6755399441055744))
                              (v128.const i64x2 1023 1023))
                   (i32.const 52))))
      (local.set $x (i32.add (local.get $x) (i32.const 32)))
      (br $quads))))
)
