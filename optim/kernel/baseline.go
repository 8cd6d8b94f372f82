package kernel

import "math"

// The baselines' fused loops. They follow torch's operation order so that
// replays of torch trajectories agree to rounding; they have no vector twin
// yet (they are not on the schedule-free hot path). Being scalar, they run in
// chunks (see scalarChunks).

// SGDStep is torch's SGD step with weight decay, momentum, dampening and
// Nesterov, fused into one pass:
//
//	for i := range w {
//		d := g[i] + wd*w[i]            // skipped when wd == 0
//		if mu != 0 {
//			if first { buf[i] = d } else { buf[i] = mu*buf[i] + (1-damp)*d }
//			if nesterov { d += mu * buf[i] } else { d = buf[i] }
//		}
//		w[i] -= lr * d
//	}
//
// buf is unused (and may be nil) when mu == 0. g is read only.
func SGDStep[T Float](w, buf, g []T, lr, wd, mu, damp T, nesterov, first bool) {
	g = g[:len(w)]
	if mu != 0 {
		buf = buf[:len(w)]
	}
	scalarChunks(0, len(w), func(lo, hi int) {
		var b []T
		if mu != 0 {
			b = buf[lo:hi]
		}
		sgdStep(w[lo:hi], b, g[lo:hi], lr, wd, mu, damp, nesterov, first)
	})
}

func sgdStep[T Float](w, buf, g []T, lr, wd, mu, damp T, nesterov, first bool) {
	omd := 1 - damp
	for i := range w {
		d := g[i]
		if wd != 0 {
			d += T(wd * w[i])
		}
		if mu != 0 {
			b := d
			if !first {
				b = T(mu*buf[i]) + T(omd*d)
			}
			buf[i] = b
			if nesterov {
				d += T(mu * b)
			} else {
				d = b
			}
		}
		w[i] -= T(lr * d)
	}
}

// AdamWStep is torch's AdamW step (decoupled weight decay, bias-corrected
// moments) fused into one pass. With decay = 1-lr*λ, stepSize = lr/(1-β1^t)
// and bc2sqrt = sqrt(1-β2^t):
//
//	for i := range w {
//		w[i] *= decay
//		m[i] = b1*m[i] + (1-b1)*g[i]
//		v[i] = b2*v[i] + (1-b2)*g[i]*g[i]
//		w[i] -= stepSize * m[i] / (sqrt(v[i])/bc2sqrt + eps)
//	}
//
// g is read only.
func AdamWStep[T Float](w, m, v, g []T, decay, b1, b2, stepSize, bc2sqrt, eps T) {
	m, v, g = m[:len(w)], v[:len(w)], g[:len(w)]
	scalarChunks(0, len(w), func(lo, hi int) {
		adamWStep(w[lo:hi], m[lo:hi], v[lo:hi], g[lo:hi], decay, b1, b2, stepSize, bc2sqrt, eps)
	})
}

func adamWStep[T Float](w, m, v, g []T, decay, b1, b2, stepSize, bc2sqrt, eps T) {
	omb1, omb2 := 1-b1, 1-b2
	for i := range w {
		gi := g[i]
		wi := w[i]
		if decay != 1 {
			wi = T(wi * decay)
		}
		mi := T(b1*m[i]) + T(omb1*gi)
		vi := T(b2*v[i]) + T(T(omb2*gi)*gi)
		m[i], v[i] = mi, vi
		denom := T(math.Sqrt(float64(vi)))/bc2sqrt + eps
		w[i] = wi - T(stepSize*(mi/denom))
	}
}

// DecayAtY is the schedule-free wrapper's weight decay at y followed by the
// conversion of y into x, in one pass (a = lr*λ, b = lr*λ*(1-β), t = 1-1/β):
//
//	for i := range y {
//		yi := y[i]
//		z[i] -= a * yi
//		y[i] = yi - b*yi
//		y[i] += t * (z[i] - y[i])
//	}
func DecayAtY[T Float](y, z []T, a, b, t T) {
	z = z[:len(y)]
	scalarChunks(0, len(y), func(lo, hi int) { decayAtY(y[lo:hi], z[lo:hi], a, b, t) })
}

func decayAtY[T Float](y, z []T, a, b, t T) {
	for i := range y {
		yi := y[i]
		zi := z[i] - T(a*yi)
		z[i] = zi
		yi -= T(b * yi)
		y[i] = yi + T(t*(zi-yi))
	}
}
