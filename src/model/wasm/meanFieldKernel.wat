;; The array work of the fused mean-field ELBO kernel (src/model/meanFieldKernel.ts) in
;; WebAssembly with 128-bit SIMD: the two matrix products of each step (float32, four Monte
;; Carlo draws per vector), the reparameterisation, the gradient reduction over draws and the
;; Adam update (float64, two values per vector, in the same operation order as the scalar
;; JavaScript they replace, so the results are the same bits), and an exp.
;; Compiled by scripts/build-wasm.ts into meanFieldKernel.wasm.ts (checked by
;; test/model/wasmKernel.test.ts).
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
;;   u, gu   [K, D]  float64 parameters of each draw and the log joint's gradient at them
;;   noise   [K, D]  float32 standard normals of the draws
;;   theta, moment1, moment2, sums  [2D]  float64 variational parameters (means, log SDs),
;;           Adam's moments and the window's parameter sums of one fit
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
            (local.set $out (i32.shl
              (i32.add (i32.mul (local.get $s) (local.get $K)) (local.get $k)) (i32.const 2)))
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

  ;; exp of two float64 values. Cody-Waite reduction x = k ln 2 + r with |r| <= ln 2 / 2;
  ;; k = round(x / ln 2) by adding and subtracting 1.5 * 2^52, which also leaves k in the low
  ;; bits of the sum, so 2^k is built as the bits (k + 1023) << 52; exp(r) by its Taylor
  ;; polynomial of degree 13 in Horner form (truncation error below 2e-17 relative). x is
  ;; clamped to [-708, 709] (pmax/pmin keep NaN as NaN) so that 2^k stays a normal number.
  ;; Relative error <= 2 ulp against Math.exp (test/model/wasmKernel.test.ts).
  (func $exp2 (param $x v128) (result v128)
    (local $t v128) (local $k v128) (local $r v128) (local $p v128)
    (local.set $x (f64x2.pmin (f64x2.pmax (local.get $x) (v128.const f64x2 -708 -708))
                              (v128.const f64x2 709 709)))
    (local.set $t (f64x2.add
      (f64x2.mul (local.get $x) (v128.const f64x2 1.4426950408889634 1.4426950408889634))
      (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $k (f64x2.sub (local.get $t) (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $x)
        (f64x2.mul (local.get $k) (v128.const f64x2 0.6931471803691238 0.6931471803691238)))
      (f64x2.mul (local.get $k)
        (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
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
    (f64x2.mul (local.get $p)
      (i64x2.shl
        (i64x2.add (i64x2.sub (local.get $t) (v128.const f64x2 6755399441055744 6755399441055744))
                   (v128.const i64x2 1023 1023))
        (i32.const 52))))

  ;; x[i] <- exp(x[i]) for i < n, four values (two independent $exp2 calls, for
  ;; instruction-level parallelism) at a time: reads and writes up to x[n + 3] (the caller
  ;; leaves room). Measured ~5 ns per value against ~8.7 for Math.exp (~3.6 with the body
  ;; written out twice in the loop instead of called: not worth the copy).
  (func (export "expInPlace") (param $x i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $quads
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store offset=0 (local.get $x) (call $exp2 (v128.load offset=0 (local.get $x))))
      (v128.store offset=16 (local.get $x) (call $exp2 (v128.load offset=16 (local.get $x))))
      (local.set $x (i32.add (local.get $x) (i32.const 32)))
      (br $quads))))

  ;; u[k, i] = mean[i] + sd[i] noise[k, i] for every draw k < K and i < D.
  (func (export "reparameterise")
    (param $u i32) (param $mean i32) (param $sd i32) (param $noise i32) (param $D i32)
    (param $K i32)
    (local $k i32) (local $i i32) (local $even i32) (local $uRow i32) (local $noiseRow i32)
    (local.set $even (i32.and (local.get $D) (i32.const -2)))
    (block $drawsDone (loop $draws
      (br_if $drawsDone (i32.ge_u (local.get $k) (local.get $K)))
      (local.set $uRow (i32.add (local.get $u)
        (i32.shl (i32.mul (local.get $k) (local.get $D)) (i32.const 3))))
      (local.set $noiseRow (i32.add (local.get $noise)
        (i32.shl (i32.mul (local.get $k) (local.get $D)) (i32.const 2))))
      (local.set $i (i32.const 0))
      (block $pairsDone (loop $pairs
        (br_if $pairsDone (i32.ge_u (local.get $i) (local.get $even)))
        (v128.store (i32.add (local.get $uRow) (i32.shl (local.get $i) (i32.const 3)))
          (f64x2.add (v128.load (i32.add (local.get $mean) (i32.shl (local.get $i) (i32.const 3))))
            (f64x2.mul (v128.load (i32.add (local.get $sd) (i32.shl (local.get $i) (i32.const 3))))
              (f64x2.promote_low_f32x4 (v128.load64_zero
                (i32.add (local.get $noiseRow) (i32.shl (local.get $i) (i32.const 2))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
      (if (i32.lt_u (local.get $i) (local.get $D))
        (then
          (f64.store (i32.add (local.get $uRow) (i32.shl (local.get $i) (i32.const 3)))
            (f64.add (f64.load (i32.add (local.get $mean) (i32.shl (local.get $i) (i32.const 3))))
              (f64.mul (f64.load (i32.add (local.get $sd) (i32.shl (local.get $i) (i32.const 3))))
                (f64.promote_f32 (f32.load
                  (i32.add (local.get $noiseRow) (i32.shl (local.get $i) (i32.const 2))))))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $draws))))

  ;; The reparameterisation gradient of the ELBO's expected log joint, averaged over K draws:
  ;; grad[i] = sum_k gu[k, i] / K and grad[D + i] = (sum_k gu[k, i] noise[k, i] / K) sd[i] + 1
  ;; (the + 1 is the entropy's gradient with respect to the log SD), for i < D.
  (func (export "reduceGradient")
    (param $grad i32) (param $gu i32) (param $noise i32) (param $sd i32) (param $D i32)
    (param $K i32)
    (local $k i32) (local $i i32) (local $even i32) (local $at i32)
    (local $sumMean v128) (local $sumLogSd v128) (local $g v128) (local $draws v128)
    (local $scalarMean f64) (local $scalarLogSd f64) (local $scalarG f64)
    (local.set $even (i32.and (local.get $D) (i32.const -2)))
    (local.set $draws (f64x2.splat (f64.convert_i32_u (local.get $K))))
    (block $pairsDone (loop $pairs
      (br_if $pairsDone (i32.ge_u (local.get $i) (local.get $even)))
      (local.set $sumMean (v128.const f64x2 0 0))
      (local.set $sumLogSd (v128.const f64x2 0 0))
      (local.set $k (i32.const 0))
      (block $drawsDone (loop $drawLoop
        (br_if $drawsDone (i32.ge_u (local.get $k) (local.get $K)))
        (local.set $at (i32.add (i32.mul (local.get $k) (local.get $D)) (local.get $i)))
        (local.set $g (v128.load (i32.add (local.get $gu) (i32.shl (local.get $at) (i32.const 3)))))
        (local.set $sumMean (f64x2.add (local.get $sumMean) (local.get $g)))
        (local.set $sumLogSd (f64x2.add (local.get $sumLogSd)
          (f64x2.mul (local.get $g) (f64x2.promote_low_f32x4 (v128.load64_zero
            (i32.add (local.get $noise) (i32.shl (local.get $at) (i32.const 2))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $drawLoop)))
      (v128.store (i32.add (local.get $grad) (i32.shl (local.get $i) (i32.const 3)))
        (f64x2.div (local.get $sumMean) (local.get $draws)))
      (v128.store (i32.add (local.get $grad)
                           (i32.shl (i32.add (local.get $D) (local.get $i)) (i32.const 3)))
        (f64x2.add
          (f64x2.mul (f64x2.div (local.get $sumLogSd) (local.get $draws))
            (v128.load (i32.add (local.get $sd) (i32.shl (local.get $i) (i32.const 3)))))
          (v128.const f64x2 1 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $D))
      (then
        (local.set $k (i32.const 0))
        (block $drawsDone (loop $drawLoop
          (br_if $drawsDone (i32.ge_u (local.get $k) (local.get $K)))
          (local.set $at (i32.add (i32.mul (local.get $k) (local.get $D)) (local.get $i)))
          (local.set $scalarG
            (f64.load (i32.add (local.get $gu) (i32.shl (local.get $at) (i32.const 3)))))
          (local.set $scalarMean (f64.add (local.get $scalarMean) (local.get $scalarG)))
          (local.set $scalarLogSd (f64.add (local.get $scalarLogSd)
            (f64.mul (local.get $scalarG) (f64.promote_f32 (f32.load
              (i32.add (local.get $noise) (i32.shl (local.get $at) (i32.const 2))))))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $drawLoop)))
        (f64.store (i32.add (local.get $grad) (i32.shl (local.get $i) (i32.const 3)))
          (f64.div (local.get $scalarMean) (f64.convert_i32_u (local.get $K))))
        (f64.store (i32.add (local.get $grad)
                            (i32.shl (i32.add (local.get $D) (local.get $i)) (i32.const 3)))
          (f64.add
            (f64.mul (f64.div (local.get $scalarLogSd) (f64.convert_i32_u (local.get $K)))
              (f64.load (i32.add (local.get $sd) (i32.shl (local.get $i) (i32.const 3)))))
            (f64.const 1))))))

  ;; One Adam step on the negative ELBO for the n (even) values of one fit: g = -grad,
  ;; m1 = beta1 m1 + oneMinusBeta1 g, m2 = beta2 m2 + oneMinusBeta2 g g,
  ;; theta -= stepSize m1 / (sqrt(m2) + 1e-8), and sums += theta (Polyak-Ruppert window sums).
  (func (export "adam")
    (param $theta i32) (param $m1 i32) (param $m2 i32) (param $grad i32) (param $sums i32)
    (param $n i32) (param $stepSize f64) (param $beta1 f64) (param $oneMinusBeta1 f64)
    (param $beta2 f64) (param $oneMinusBeta2 f64)
    (local $i i32) (local $at i32) (local $g v128) (local $first v128) (local $second v128)
    (local $value v128)
    (block $done (loop $pairs
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $at (i32.shl (local.get $i) (i32.const 3)))
      (local.set $g (f64x2.neg (v128.load (i32.add (local.get $grad) (local.get $at)))))
      (local.set $first (f64x2.add
        (f64x2.mul (f64x2.splat (local.get $beta1))
                   (v128.load (i32.add (local.get $m1) (local.get $at))))
        (f64x2.mul (f64x2.splat (local.get $oneMinusBeta1)) (local.get $g))))
      (local.set $second (f64x2.add
        (f64x2.mul (f64x2.splat (local.get $beta2))
                   (v128.load (i32.add (local.get $m2) (local.get $at))))
        (f64x2.mul (f64x2.mul (f64x2.splat (local.get $oneMinusBeta2)) (local.get $g))
                   (local.get $g))))
      (v128.store (i32.add (local.get $m1) (local.get $at)) (local.get $first))
      (v128.store (i32.add (local.get $m2) (local.get $at)) (local.get $second))
      (local.set $value (f64x2.sub (v128.load (i32.add (local.get $theta) (local.get $at)))
        (f64x2.div (f64x2.mul (f64x2.splat (local.get $stepSize)) (local.get $first))
                   (f64x2.add (f64x2.sqrt (local.get $second)) (v128.const f64x2 1e-8 1e-8)))))
      (v128.store (i32.add (local.get $theta) (local.get $at)) (local.get $value))
      (v128.store (i32.add (local.get $sums) (local.get $at))
        (f64x2.add (v128.load (i32.add (local.get $sums) (local.get $at))) (local.get $value)))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $pairs))))
)
