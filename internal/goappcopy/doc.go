// Package goappcopy holds the check that third_party/go-app, the copy of
// go-app this module builds through a replace, is upstream's release with
// only the patch its README describes.
package goappcopy
