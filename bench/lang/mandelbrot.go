// run

// mandelbrot: float64 arithmetic in a tight loop. The classic benchmark's picture: an
// n×n bitmap of the Mandelbrot set over [-1.5, 0.5]×[-1, 1], a point in the set after
// 50 iterations of z = z² + c without |z| exceeding 2, eight pixels a byte, most
// significant bit first, rows padded to whole bytes. Instead of the PBM file the program
// prints n and an FNV-1a hash of the bitmap's bytes.
package main

const (
	n          = 4000
	iterations = 50
	limit      = 2.0
)

// inSet reports whether c = cr + ci·i stays within the limit for all iterations.
func inSet(cr, ci float64) bool {
	zr, zi, tr, ti := 0.0, 0.0, 0.0, 0.0
	for i := 0; i < iterations && tr+ti <= limit*limit; i++ {
		zi = 2*zr*zi + ci
		zr = tr - ti + cr
		tr = zr * zr
		ti = zi * zi
	}
	return tr+ti <= limit*limit
}

// Bitmap is a 1-bit image, rows padded to whole bytes.
type Bitmap struct {
	width, height, stride int
	bits                  []byte
}

func newBitmap(width, height int) *Bitmap {
	stride := (width + 7) / 8
	return &Bitmap{width, height, stride, make([]byte, stride*height)}
}

// render draws the set into b, mapping pixel (x, y) to c = (2x/w - 1.5) + (2y/h - 1)i.
func (b *Bitmap) render() {
	for y := 0; y < b.height; y++ {
		ci := 2*float64(y)/float64(b.height) - 1
		row := b.bits[y*b.stride : (y+1)*b.stride]
		for x := 0; x < b.width; x++ {
			cr := 2*float64(x)/float64(b.width) - 1.5
			if inSet(cr, ci) {
				row[x/8] |= 0x80 >> uint(x%8)
			}
		}
	}
}

// hash is the 32-bit FNV-1a hash of the bitmap's bytes.
func (b *Bitmap) hash() uint32 {
	h := uint32(2166136261)
	for _, c := range b.bits {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

func main() {
	b := newBitmap(n, n)
	b.render()
	println(n, b.hash())
}
