module github.com/sfbench/sfbench

go 1.26

require gonum.org/v1/gonum v0.17.0

require gopkg.in/yaml.v3 v3.0.1
