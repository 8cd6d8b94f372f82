package data_test

import (
	"fmt"
	"log"

	"github.com/sfbench/sfbench/problems/data"
)

// ExampleReadLIBSVM loads testdata/tiny.libsvm:
//
//	# A tiny LIBSVM file: three classes labelled -1, 1 and 7.
//	1 1:0.5 3:-1
//	-1 2:2
//	7 1:1 2:1 3:1 # trailing comment
//	1
func ExampleReadLIBSVM() {
	ds, err := data.ReadLIBSVM("testdata/tiny.libsvm", data.LIBSVMOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: N=%d D=%d classes=%d labels=%v\n", ds.Name, ds.N, ds.D, ds.Classes, ds.Labels)
	for i := range ds.N {
		fmt.Println(ds.Row(i), "class", ds.Class(i))
	}
	// Output:
	// tiny: N=4 D=3 classes=3 labels=[-1 1 7]
	// [0.5 0 -1] class 1
	// [0 2 0] class 0
	// [1 1 1] class 2
	// [0 0 0] class 1
}
