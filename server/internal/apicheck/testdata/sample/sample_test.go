package sample

func TestIgnored() {}
