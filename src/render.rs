//! Off-screen rendering: draws an egui UI into an RGBA image of a chosen size without a
//! window or a display, for map images ([`map_image`]) and `dalian-atlas render`.
//!
//! # Why this renderer
//!
//! The image is painted by **egui's own wgpu painter** ([`egui_wgpu::Renderer`]) into an
//! off-screen texture that is then copied back to memory. The map is drawn by exactly
//! the code the window runs (walkers plugins → egui shapes → egui's tessellator), so an
//! exported image looks like the window and there is no second drawing code to keep in
//! step — text shaping, the CJK font atlas, feathered anti-aliasing all come from egui.
//! Alternatives considered:
//!
//! - *A CPU rasteriser* (e.g. tiny-skia fed with egui's tessellated meshes): no GPU stack
//!   at all, but it would need its own triangle/texture sampling code for egui's meshes
//!   and a second, unverified path for text — more code and a risk of images that differ
//!   from the window.
//! - *egui_kittest's renderer*: the same egui-wgpu pass, but a test harness does not
//!   belong in the product binary.
//!
//! wgpu needs an adapter, but not a GPU: on a machine without one, Mesa's software
//! rasterisers serve — llvmpipe through OpenGL ES/EGL (`libegl1`, `libgl1-mesa-dri`), or
//! lavapipe through Vulkan (`mesa-vulkan-drivers`) — and neither needs an X or Wayland
//! display. The Cargo features compile the same backends egui_kittest already builds for
//! the tests (Vulkan, GL, and Metal/DX12 on their platforms), so no extra backend is
//! compiled. The usual wgpu variables choose among adapters: `WGPU_BACKEND=gl|vulkan`,
//! `WGPU_ADAPTER_NAME=llvmpipe`, `WGPU_POWER_PREF`.
//!
//! The output is deterministic for a given adapter: no dithering, software texture
//! filtering ([`egui_wgpu::RendererOptions::PREDICTABLE`]), no animation, no tiles.
//!
//! Sizes are physical pixels. The largest side is [`MAX_SIDE`] (8192), or the adapter's
//! largest texture if that is smaller (`max_texture_dimension_2d`: 8192 for llvmpipe's
//! GL, 16384 for lavapipe); larger sizes are refused with [`RenderError::TooLarge`]
//! before anything is drawn.
//!
//! Vulkan, Metal and DX12 adapters are looked for first and GL only when none is found
//! (or when `WGPU_BACKEND` asks for it): probing EGL without a GPU logs a harmless but
//! alarming `eglInitialize … DRI2: failed to load driver` error.

pub mod map_image;
pub mod print;
pub mod report;

use std::sync::mpsc;
use std::time::Duration;

use egui_wgpu::wgpu;
use image::RgbaImage;

/// The smallest side of an image, in pixels (the map furniture needs some room).
pub const MIN_SIDE: u32 = 64;

/// The largest side of an image, in pixels, whatever the adapter allows: twice 4K
/// (3840×2160) and more is print territory, and a 8192×8192 image already takes 256 MB
/// and half a minute on a software rasteriser.
pub const MAX_SIDE: u32 = 8192;

/// The longest the renderer waits for the adapter to finish one image. Software
/// rasterisers take ~1 s for 3840×2160; this only guards against a hung driver.
const GPU_TIMEOUT: Duration = Duration::from_secs(120);

/// The most egui passes run for one image (egui asks for a second pass when a layout
/// changed size on the first; the map needs one or two).
const MAX_PASSES: usize = 4;

/// Why an image could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(
        "no graphics adapter for off-screen rendering (wgpu found {found}). A GPU is not needed: \
         install Mesa's software renderer (Debian/Ubuntu: `apt-get install libegl1 libgl1-mesa-dri \
         mesa-vulkan-drivers`), or choose a backend with WGPU_BACKEND=gl (or vulkan)"
    )]
    NoAdapter { found: String },
    #[error("cannot open the graphics adapter {adapter}: {reason}")]
    Device { adapter: String, reason: String },
    #[error(
        "{width}×{height} pixels is larger than this renderer can draw: at most {max}×{max} \
         on {adapter}"
    )]
    TooLarge {
        width: u32,
        height: u32,
        max: u32,
        adapter: String,
    },
    #[error("{width}×{height} pixels is too small: an image needs at least {MIN_SIDE} pixels a side")]
    TooSmall { width: u32, height: u32 },
    #[error("the graphics adapter {adapter} failed while drawing: {reason}")]
    Gpu { adapter: String, reason: String },
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    #[error("{0}")]
    Input(String),
}

/// How to pick the adapter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RendererOptions {
    /// Only a software (fallback) adapter: llvmpipe, lavapipe, WARP.
    pub force_fallback_adapter: bool,
}

/// One image laid out and tessellated by an [`ImageLayout`], ready for a [`GpuPainter`]:
/// the meshes and the texture changes (the font atlas) in the order egui made them. It is
/// `Send`, so the window can lay out images on its own thread (cheap: milliseconds) and
/// leave the painting (the slow part on a software rasteriser) to a worker.
pub struct PaintJob {
    /// Physical pixels, `[width, height]`.
    size: [u32; 2],
    pixels_per_point: f32,
    primitives: Vec<egui::ClippedPrimitive>,
    /// Texture updates to apply before painting, in order.
    textures_set: Vec<(egui::TextureId, egui::epaint::ImageDelta)>,
    /// Textures to free after painting.
    textures_free: Vec<egui::TextureId>,
}

impl PaintJob {
    /// Physical pixels, `[width, height]`.
    pub fn size(&self) -> [u32; 2] {
        self.size
    }
}

/// The egui half of off-screen rendering: runs a UI over an image-sized screen and
/// tessellates it into a [`PaintJob`]. It owns the egui [`egui::Context`] (fonts, style);
/// the [`GpuPainter`] that paints its jobs must receive every job of this layout, in
/// order, because the jobs carry the font atlas as incremental texture updates.
pub struct ImageLayout {
    ctx: egui::Context,
    max_side: u32,
}

/// The GPU half of off-screen rendering: one wgpu device with egui's painter on it,
/// reusable for any number of images (a deck of scenes opens the adapter once).
pub struct GpuPainter {
    device: wgpu::Device,
    queue: wgpu::Queue,
    renderer: egui_wgpu::Renderer,
    adapter: wgpu::AdapterInfo,
    max_side: u32,
}

/// An [`ImageLayout`] and a [`GpuPainter`] together, for drawing images one after the
/// other on one thread (the CLI, tests, benchmarks).
pub struct OffscreenRenderer {
    layout: ImageLayout,
    painter: GpuPainter,
}

/// Refuses a size outside [`MIN_SIDE`]…`max_side`.
fn check_size([width, height]: [u32; 2], max_side: u32, adapter: impl FnOnce() -> String) -> Result<(), RenderError> {
    if width > max_side || height > max_side {
        return Err(RenderError::TooLarge {
            width,
            height,
            max: max_side,
            adapter: adapter(),
        });
    }
    if width < MIN_SIDE || height < MIN_SIDE {
        return Err(RenderError::TooSmall { width, height });
    }
    Ok(())
}

/// `name (backend, device type)` of an adapter.
pub fn describe_adapter(info: &wgpu::AdapterInfo) -> String {
    let kind = match info.device_type {
        wgpu::DeviceType::Cpu => "software",
        wgpu::DeviceType::DiscreteGpu => "discrete GPU",
        wgpu::DeviceType::IntegratedGpu => "integrated GPU",
        wgpu::DeviceType::VirtualGpu => "virtual GPU",
        wgpu::DeviceType::Other => "other",
    };
    format!("{} ({:?}, {kind})", info.name, info.backend)
}

/// Adapter preference: `WGPU_ADAPTER_NAME` if set, then real GPUs before software ones,
/// then Vulkan/Metal/DX12 before GL.
fn adapter_rank(info: &wgpu::AdapterInfo, wanted_name: Option<&str>) -> (u8, u8, u8) {
    let named = match wanted_name {
        Some(name) if info.name.to_lowercase().contains(name) => 0,
        Some(_) => 1,
        None => 0,
    };
    let kind = match info.device_type {
        wgpu::DeviceType::DiscreteGpu => 0,
        wgpu::DeviceType::IntegratedGpu => 1,
        wgpu::DeviceType::VirtualGpu => 2,
        wgpu::DeviceType::Cpu => 3,
        wgpu::DeviceType::Other => 4,
    };
    let backend = match info.backend {
        wgpu::Backend::Vulkan | wgpu::Backend::Metal | wgpu::Backend::Dx12 => 0,
        wgpu::Backend::Gl => 1,
        _ => 2,
    };
    (named, kind, backend)
}

impl GpuPainter {
    /// Opens the best adapter wgpu finds (see the module doc for the choice and the
    /// environment variables that steer it).
    pub fn new(options: RendererOptions) -> Result<GpuPainter, RenderError> {
        let usable = |a: &wgpu::Adapter| {
            let info = a.get_info();
            info.backend != wgpu::Backend::Noop
                && (!options.force_fallback_adapter || info.device_type == wgpu::DeviceType::Cpu)
        };
        // An instance initialises its backends when created, so GL gets its own.
        let tries = match wgpu::Backends::from_env() {
            Some(backends) => vec![backends],
            None => vec![wgpu::Backends::PRIMARY, wgpu::Backends::GL],
        };
        let mut adapters = Vec::new();
        for backends in tries {
            let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle_from_env();
            descriptor.backends = backends;
            let instance = wgpu::Instance::new(descriptor);
            adapters.extend(pollster::block_on(instance.enumerate_adapters(backends)));
            if adapters.iter().any(usable) {
                break;
            }
        }
        let found = if adapters.is_empty() {
            "none".to_string()
        } else {
            adapters
                .iter()
                .map(|a| describe_adapter(&a.get_info()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let wanted_name = std::env::var("WGPU_ADAPTER_NAME").ok().map(|n| n.to_lowercase());
        let adapter = adapters
            .into_iter()
            .filter(usable)
            .min_by_key(|a| adapter_rank(&a.get_info(), wanted_name.as_deref()))
            .ok_or_else(|| RenderError::NoAdapter {
                found: if options.force_fallback_adapter {
                    format!("{found}; only a software adapter was allowed")
                } else {
                    found
                },
            })?;
        let info = adapter.get_info();
        // Everything the adapter can do: GL adapters otherwise get WebGL2 limits (2048 px).
        let limits = adapter.limits();
        let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
            label: Some("dalian-atlas off-screen renderer"),
            required_limits: limits.clone(),
            ..Default::default()
        }))
        .map_err(|e| RenderError::Device {
            adapter: describe_adapter(&info),
            reason: e.to_string(),
        })?;
        device.set_device_lost_callback(|reason, message| {
            log::error!("graphics device lost ({reason:?}): {message}");
        });
        let renderer = egui_wgpu::Renderer::new(
            &device,
            wgpu::TextureFormat::Rgba8Unorm,
            egui_wgpu::RendererOptions::PREDICTABLE,
        );
        Ok(GpuPainter {
            device,
            queue,
            renderer,
            adapter: info,
            max_side: limits.max_texture_dimension_2d.min(MAX_SIDE),
        })
    }

    /// The adapter, e.g. `llvmpipe (LLVM 15.0.6, 256 bits) (Gl, software)`.
    pub fn adapter(&self) -> String {
        describe_adapter(&self.adapter)
    }

    /// The longest side this adapter can draw, in pixels.
    pub fn max_side(&self) -> u32 {
        self.max_side
    }

    /// Paints `job` on an opaque white background and returns the pixels (sRGB,
    /// unpremultiplied, opaque). Applies the job's texture updates even when painting
    /// fails, so later jobs of the same layout still find the font atlas.
    pub fn paint(&mut self, job: PaintJob) -> Result<RgbaImage, RenderError> {
        let PaintJob {
            size,
            pixels_per_point,
            primitives,
            textures_set,
            textures_free,
        } = job;
        for (id, delta) in &textures_set {
            self.renderer.update_texture(&self.device, &self.queue, *id, delta);
        }
        let result = check_size(size, self.max_side, || self.adapter())
            .and_then(|()| self.paint_checked(size, pixels_per_point, &primitives));
        for id in textures_free {
            self.renderer.free_texture(&id);
        }
        result
    }

    /// Paints within error scopes, so a device error becomes a [`RenderError::Gpu`].
    fn paint_checked(
        &mut self,
        [width, height]: [u32; 2],
        pixels_per_point: f32,
        primitives: &[egui::ClippedPrimitive],
    ) -> Result<RgbaImage, RenderError> {
        let scopes = [
            self.device.push_error_scope(wgpu::ErrorFilter::Validation),
            self.device.push_error_scope(wgpu::ErrorFilter::OutOfMemory),
            self.device.push_error_scope(wgpu::ErrorFilter::Internal),
        ];
        let image = self.paint_unchecked(width, height, pixels_per_point, primitives);
        let mut errors = Vec::new();
        for scope in scopes.into_iter().rev() {
            if let Some(e) = pollster::block_on(scope.pop()) {
                errors.push(e.to_string());
            }
        }
        let gpu_error = |reason: String| RenderError::Gpu {
            adapter: self.adapter(),
            reason,
        };
        if !errors.is_empty() {
            return Err(gpu_error(errors.join("; ")));
        }
        image.map_err(gpu_error)
    }

    fn paint_unchecked(
        &mut self,
        width: u32,
        height: u32,
        pixels_per_point: f32,
        primitives: &[egui::ClippedPrimitive],
    ) -> Result<RgbaImage, String> {
        let (device, queue) = (&self.device, &self.queue);
        let screen = egui_wgpu::ScreenDescriptor {
            size_in_pixels: [width, height],
            pixels_per_point,
        };
        let started = std::time::Instant::now();
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("map image"),
        });
        let user_buffers = self
            .renderer
            .update_buffers(device, queue, &mut encoder, primitives, &screen);
        let extent = wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        };
        let texture = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("map image"),
            size: extent,
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: wgpu::TextureFormat::Rgba8Unorm,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
            view_formats: &[],
        });
        let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
        {
            let mut pass = encoder
                .begin_render_pass(&wgpu::RenderPassDescriptor {
                    label: Some("map image"),
                    color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                        view: &view,
                        resolve_target: None,
                        ops: wgpu::Operations {
                            load: wgpu::LoadOp::Clear(wgpu::Color::WHITE),
                            store: wgpu::StoreOp::Store,
                        },
                        depth_slice: None,
                    })],
                    ..Default::default()
                })
                .forget_lifetime();
            self.renderer.render(&mut pass, primitives, &screen);
        }
        // Rows of a texture-to-buffer copy are padded to 256 bytes.
        let row = width as usize * 4;
        let align = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT as usize;
        let padded_row = row.div_ceil(align) * align;
        let buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("map image read-back"),
            size: (padded_row * height as usize) as u64,
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        encoder.copy_texture_to_buffer(
            texture.as_image_copy(),
            wgpu::TexelCopyBufferInfo {
                buffer: &buffer,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(padded_row as u32),
                    rows_per_image: None,
                },
            },
            extent,
        );
        let submission = queue.submit(user_buffers.into_iter().chain(std::iter::once(encoder.finish())));
        let submitted = std::time::Instant::now();
        let slice = buffer.slice(..);
        let (sender, receiver) = mpsc::channel();
        slice.map_async(wgpu::MapMode::Read, move |r| drop(sender.send(r)));
        device
            .poll(wgpu::PollType::Wait {
                submission_index: Some(submission),
                timeout: Some(GPU_TIMEOUT),
            })
            .map_err(|e| e.to_string())?;
        receiver
            .recv_timeout(GPU_TIMEOUT)
            .map_err(|_| "the image was not read back in time".to_string())?
            .map_err(|e| e.to_string())?;
        log::debug!(
            "{} meshes: recording {:.0} ms, drawing and read-back {:.0} ms",
            primitives.len(),
            (submitted - started).as_secs_f64() * 1e3,
            submitted.elapsed().as_secs_f64() * 1e3
        );
        let mut pixels = Vec::with_capacity(row * height as usize);
        {
            let mapped = slice.get_mapped_range().map_err(|e| e.to_string())?;
            for line in mapped.chunks_exact(padded_row) {
                pixels.extend_from_slice(&line[..row]);
            }
        }
        buffer.unmap();
        texture.destroy();
        RgbaImage::from_raw(width, height, pixels).ok_or_else(|| "the read-back image has the wrong size".to_string())
    }
}

impl ImageLayout {
    /// A light-theme context without animations for images of at most `max_side` pixels
    /// a side (the painter's [`GpuPainter::max_side`]).
    pub fn new(max_side: u32) -> ImageLayout {
        let ctx = egui::Context::default();
        ctx.set_theme(egui::Theme::Light);
        ctx.all_styles_mut(|style| {
            style.animation_time = 0.0;
        });
        ImageLayout {
            ctx,
            max_side: max_side.min(MAX_SIDE),
        }
    }

    /// The egui context the images are drawn with (install fonts and styles here).
    pub fn ctx(&self) -> &egui::Context {
        &self.ctx
    }

    /// Refuses a size the painter cannot draw.
    pub fn check_size(&self, size: [u32; 2]) -> Result<(), RenderError> {
        check_size(size, self.max_side, || {
            format!("this renderer (at most {} px a side)", self.max_side)
        })
    }

    /// Runs `ui` over a `size` (physical pixels) screen at `pixels_per_point` until egui
    /// settles (at most a few passes) and tessellates the last pass.
    pub fn layout(
        &mut self,
        size: [u32; 2],
        pixels_per_point: f32,
        mut ui: impl FnMut(&mut egui::Ui),
    ) -> Result<PaintJob, RenderError> {
        self.check_size(size)?;
        let [width, height] = size;
        let ppp = if pixels_per_point.is_finite() && pixels_per_point > 0.0 {
            pixels_per_point
        } else {
            1.0
        };
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(width as f32 / ppp, height as f32 / ppp));
        let mut input = egui::RawInput {
            screen_rect: Some(screen),
            max_texture_side: Some(self.max_side as usize),
            ..Default::default()
        };
        if let Some(viewport) = input.viewports.get_mut(&egui::ViewportId::ROOT) {
            viewport.native_pixels_per_point = Some(ppp);
        }
        let started = std::time::Instant::now();
        let mut textures_set = Vec::new();
        let mut textures_free = Vec::new();
        let mut passes = 0;
        let output = loop {
            passes += 1;
            let mut out = self.ctx.run_ui(input.clone(), &mut ui);
            let mut delta = std::mem::take(&mut out.textures_delta);
            for (id, images) in delta.set.drain() {
                textures_set.extend(images.into_iter().map(|image| (id, image)));
            }
            textures_free.extend(delta.free.drain());
            let again = out
                .viewport_output
                .get(&egui::ViewportId::ROOT)
                .is_some_and(|v| v.repaint_delay.is_zero());
            if !again || passes >= MAX_PASSES {
                break out;
            }
        };
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        log::debug!(
            "{width}×{height} px: {passes} egui pass(es) and tessellation {:.0} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
        Ok(PaintJob {
            size,
            pixels_per_point: output.pixels_per_point,
            primitives,
            textures_set,
            textures_free,
        })
    }
}

impl OffscreenRenderer {
    /// Opens the best adapter wgpu finds (see [`GpuPainter::new`]).
    pub fn new(options: RendererOptions) -> Result<OffscreenRenderer, RenderError> {
        let painter = GpuPainter::new(options)?;
        Ok(OffscreenRenderer {
            layout: ImageLayout::new(painter.max_side()),
            painter,
        })
    }

    /// The egui context the images are drawn with (install fonts and styles here).
    pub fn ctx(&self) -> &egui::Context {
        self.layout.ctx()
    }

    /// The layout half (for [`map_image::layout_map`]).
    pub fn layout_mut(&mut self) -> &mut ImageLayout {
        &mut self.layout
    }

    /// The adapter, e.g. `llvmpipe (LLVM 15.0.6, 256 bits) (Gl, software)`.
    pub fn adapter(&self) -> String {
        self.painter.adapter()
    }

    /// The longest side this adapter can draw, in pixels.
    pub fn max_side(&self) -> u32 {
        self.painter.max_side()
    }

    /// Refuses a size this renderer cannot draw.
    pub fn check_size(&self, size: [u32; 2]) -> Result<(), RenderError> {
        check_size(size, self.painter.max_side(), || self.adapter())
    }

    /// Runs `ui` over a `size` (physical pixels) screen at `pixels_per_point` until egui
    /// settles, then paints the last pass on an opaque white background and returns the
    /// pixels (sRGB, unpremultiplied, opaque).
    pub fn render(
        &mut self,
        size: [u32; 2],
        pixels_per_point: f32,
        ui: impl FnMut(&mut egui::Ui),
    ) -> Result<RgbaImage, RenderError> {
        self.check_size(size)?;
        let job = self.layout.layout(size, pixels_per_point, ui)?;
        self.paint(job)
    }

    /// Paints a job laid out by [`OffscreenRenderer::layout_mut`].
    pub fn paint(&mut self, job: PaintJob) -> Result<RgbaImage, RenderError> {
        self.painter.paint(job)
    }
}

/// Writes `image` as a PNG file, atomically (an existing file is replaced whole or not at
/// all).
pub fn save_png(image: &RgbaImage, path: &std::path::Path) -> Result<(), RenderError> {
    crate::io::write_png(image, path).map_err(|e| RenderError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Reads `WxH` (also `W×H`), e.g. `1920x1080`.
pub fn parse_size(text: &str) -> Option<[u32; 2]> {
    let (w, h) = text.trim().split_once(['x', 'X', '×'])?;
    Some([w.trim().parse().ok()?, h.trim().parse().ok()?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_with_x_or_times() {
        assert_eq!(parse_size("1920x1080"), Some([1920, 1080]));
        assert_eq!(parse_size("3840×2160"), Some([3840, 2160]));
        assert_eq!(parse_size(" 640 X 400 "), Some([640, 400]));
        assert_eq!(parse_size("1920"), None);
        assert_eq!(parse_size("-1x5"), None);
        assert_eq!(parse_size("axb"), None);
    }
}
