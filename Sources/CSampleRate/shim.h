// libsamplerate, used for sample-rate conversion and retuning recorded strokes.
#include <samplerate.h>
