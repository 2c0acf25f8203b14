"""jax reference of the Bayesian model's ELBO, for src/bench/model.ts (optional: the bench runs
this only when `python3 -c "import jax"` works).

Reads a batch of prepared fits written by the bench (the same float32 data the TypeScript
kernel optimises: conditional moments m, v of delta [B, S, P], labels, training masks and the
initial variational parameters [B, 2, D]) and runs the same objective: mean-field Gaussian
over (alpha, z, log precision), ARD prior with a Gamma(shape, rate) hyperprior, Bernoulli
likelihood with the probit (MacKay) approximation, K reparameterised draws, Adam with the same
step size, a fixed number of steps compiled with lax.scan. Prints JSON:
  sequential_s: the B fits one after another (one compiled function, called B times);
  batched_s:    the B fits as one vmapped program;
  compile_s:    the first call's compile time (excluded above);
  final_elbo:   per fit, the mean Monte Carlo ELBO over the last `window` steps (with every
                normalising constant, as the TypeScript kernel reports it).
Usage: python3 src/bench/model_jax.py PROBLEM.json
"""
import json
import math
import sys
import time

import jax
import jax.numpy as jnp


def make_fit(S, P, K, steps, lr, shape, rate, intercept_scale):
    D = 1 + 2 * P
    # Terms of the ELBO that do not depend on the parameters (left out of the gradient).
    constant = (0.5 * D * (1 + math.log(2 * math.pi))
                - 0.5 * math.log(2 * math.pi) - math.log(intercept_scale)
                - 0.5 * P * math.log(2 * math.pi)
                + P * (shape * math.log(rate) - math.lgamma(shape)))

    def log_joint(u, m, v, y, mask):
        alpha = u[0]
        z = u[1:1 + P]
        log_a = u[1 + P:]
        w = z * jnp.exp(-0.5 * log_a)
        eta_mean = alpha + m @ w
        eta_var = v @ (w * w)
        a = (2 * y - 1) * eta_mean / jnp.sqrt(1 + math.pi / 8 * eta_var)
        lik = jnp.sum(mask * -jax.nn.softplus(-a))
        prior = -0.5 * alpha ** 2 / intercept_scale ** 2 - 0.5 * jnp.sum(z * z)
        prior += jnp.sum(shape * log_a - rate * jnp.exp(log_a))
        return lik + prior

    def neg_elbo(theta, eps, m, v, y, mask):
        mean, log_sd = theta[0], theta[1]
        u = mean + jnp.exp(log_sd) * eps  # [K, D]
        joint = jax.vmap(lambda x: log_joint(x, m, v, y, mask))(u)
        return -(jnp.mean(joint) + jnp.sum(log_sd))

    value_and_grad = jax.value_and_grad(neg_elbo)

    def fit(theta, key, m, v, y, mask):
        def step(carry, t):
            theta, m1, m2, key = carry
            key, sub = jax.random.split(key)
            value, g = value_and_grad(theta, jax.random.normal(sub, (K, D)), m, v, y, mask)
            m1 = 0.9 * m1 + 0.1 * g
            m2 = 0.999 * m2 + 0.001 * g * g
            size = lr * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
            theta = theta - size * m1 / (jnp.sqrt(m2) + 1e-8)
            return (theta, m1, m2, key), constant - value

        zeros = jnp.zeros_like(theta)
        (theta, _, _, _), elbo = jax.lax.scan(
            step, (theta, zeros, zeros, key), jnp.arange(1, steps + 1, dtype=jnp.float32))
        return theta, elbo

    return jax.jit(fit), jax.jit(jax.vmap(fit))


def main(path):
    with open(path) as f:
        problem = json.load(f)
    B, S, P = problem["batch"], problem["participants"], problem["features"]
    D = 1 + 2 * P
    m = jnp.asarray(problem["m"], jnp.float32).reshape(B, S, P)
    v = jnp.asarray(problem["v"], jnp.float32).reshape(B, S, P)
    y = jnp.asarray(problem["y"], jnp.float32).reshape(B, S)
    mask = jnp.asarray(problem["mask"], jnp.float32).reshape(B, S)
    theta = jnp.asarray(problem["init"], jnp.float32).reshape(B, 2, D)
    keys = jax.random.split(jax.random.PRNGKey(0), B)
    single, batched = make_fit(S, P, problem["draws"], problem["steps"], problem["learningRate"],
                               problem["shape"], problem["rate"], problem["interceptScale"])

    started = time.perf_counter()
    jax.block_until_ready(single(theta[0], keys[0], m[0], v[0], y[0], mask[0]))
    compile_s = time.perf_counter() - started
    started = time.perf_counter()
    final_elbo = []
    for b in range(B):
        _, elbo = jax.block_until_ready(single(theta[b], keys[b], m[b], v[b], y[b], mask[b]))
        final_elbo.append(float(jnp.mean(elbo[-problem["window"]:])))
    sequential_s = time.perf_counter() - started

    jax.block_until_ready(batched(theta, keys, m, v, y, mask))
    started = time.perf_counter()
    jax.block_until_ready(batched(theta, keys, m, v, y, mask))
    batched_s = time.perf_counter() - started
    print(json.dumps({"sequential_s": sequential_s, "batched_s": batched_s, "compile_s": compile_s,
                      "final_elbo": final_elbo, "jax": jax.__version__,
                      "device": str(jax.devices()[0])}))


if __name__ == "__main__":
    main(sys.argv[1])
