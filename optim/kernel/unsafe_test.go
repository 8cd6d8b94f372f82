package kernel

import "unsafe"

func uintptrOf(s []float64) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(s))) }
