"""Inferix's Blender driver: the one script the Cycles engine runs inside Blender, for every call.

    blender -b --factory-startup --disable-autoexec --python-exit-code 1 --python driver.py -- <request.json>

The request names a mode (`devices`, `inspect`, `render`, or PoR's `placement` and `insert`), the scene and where to
write the result (JSON). A scene or request the driver refuses is written to the result as {"ok": false, "code",
"message"}; anything else that goes wrong is a Python exception, which Blender turns into exit code 1 (the engine
reports ENGINE_CRASH with stderr). Progress is printed on stdout as lines starting with "@inferix ", between
Blender's own "Fra:N ... Sample a/b" lines.
"""

import json
import math
import os
import struct
import sys
import urllib.parse

import bpy

try:
    import numpy

    # Blender 3.4's glTF importer still uses numpy.bool, an alias numpy 1.24 removed.
    numpy.bool = bool
except ImportError:
    numpy = None

NUMPY_HINT = "Blender's glTF importer needs numpy: apt-get install -y python3-numpy"
GEOMETRY_TYPES = {"MESH", "CURVE", "SURFACE", "META", "FONT"}
GPU_BACKENDS = {"OPTIX", "CUDA", "HIP", "ONEAPI", "METAL"}


class DriverError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def scene_invalid(message):
    return DriverError("SCENE_INVALID", message)


def emit(event, **fields):
    # flush: the engine reads progress from a pipe, which Python would otherwise buffer until exit.
    print("@inferix " + json.dumps({"event": event, **fields}), flush=True)


# ---------------------------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------------------------


def read_gltf_json(path):
    """
    The glTF's JSON (from a .glb's first chunk), read before importing: the importer needs the fps up front. Checks
    that the buffers are whole too, which the importer does not: it renders a truncated .glb with what is left.
    """
    try:
        with open(path, "rb") as file:
            data = file.read()
        binary = None
        if data[:4] == b"glTF":
            total, (length, kind) = struct.unpack_from("<I", data, 8)[0], struct.unpack_from("<II", data, 12)
            if total != len(data):
                raise ValueError(f"truncated: its header says {total} bytes, the file has {len(data)}")
            if kind != 0x4E4F534A:
                raise ValueError("the first chunk is not JSON")
            if len(data) >= 28 + length:
                binary = struct.unpack_from("<I", data, 20 + length)[0]
            data = data[20:20 + length]
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict):
            raise ValueError("the top level is not an object")
        check_buffers(path, document, binary)
        return document
    except (OSError, ValueError, struct.error, UnicodeDecodeError, TypeError, AttributeError) as error:
        raise scene_invalid(f"{path}: not a readable glTF file ({error})")


def check_buffers(path, document, binary_length):
    for index, buffer in enumerate(document.get("buffers", [])):
        needed = buffer.get("byteLength", 0)
        uri = buffer.get("uri")
        if uri is None:
            available = binary_length or 0
        elif uri.startswith("data:"):
            continue
        else:
            external = os.path.join(os.path.dirname(path), urllib.parse.unquote(uri))
            if not os.path.isfile(external):
                raise ValueError(f"buffer {index} is missing: {external}")
            available = os.path.getsize(external)
        if available < needed:
            raise ValueError(f"buffer {index} holds {available} of its {needed} bytes")


def gltf_settings(path, document):
    """`extras.inferix` of the default scene, the settings the built-in path tracer reads (readSceneSettings.ts)."""
    scenes = document.get("scenes") or [{}]
    index = document.get("scene", 0)
    scene = scenes[index] if isinstance(index, int) and 0 <= index < len(scenes) else {}
    settings = ((scene or {}).get("extras") or {}).get("inferix") or {}
    if not isinstance(settings, dict):
        raise scene_invalid(f"{path}: extras.inferix must be an object")
    return settings


def merge_stashed_animations():
    """
    The importer makes the first glTF animation the active action and stashes the others as muted NLA tracks; glTF
    viewers (and the path tracer) play every animation at once. So each object gets one action holding the channels
    of all its animations, and no NLA tracks.
    """
    owners = list(bpy.data.objects) + [o.data.shape_keys for o in bpy.data.objects if o.type == "MESH" and o.data.shape_keys]
    for owner in owners:
        data = owner.animation_data
        if not data:
            continue
        actions = [strip.action for track in data.nla_tracks for strip in track.strips if strip.action]
        if data.action and data.action not in actions:
            actions.insert(0, data.action)
        if len(actions) > 1:
            merged = bpy.data.actions.new(f"{owner.name}.all")
            for action in actions:
                for curve in action.fcurves:
                    copy_fcurve(curve, merged)
            actions = [merged]
        for track in list(data.nla_tracks):
            data.nla_tracks.remove(track)
        data.action = actions[0] if actions else None


def copy_fcurve(source, action):
    if action.fcurves.find(source.data_path, index=source.array_index):
        return  # two animations drive the same channel: the first one wins
    curve = action.fcurves.new(source.data_path, index=source.array_index)
    count = len(source.keyframe_points)
    curve.keyframe_points.add(count)
    for name, width in (("co", 2), ("handle_left", 2), ("handle_right", 2), ("interpolation", 1), ("handle_left_type", 1), ("handle_right_type", 1)):
        values = [0] * (count * width) if width == 1 else [0.0] * (count * width)
        source.keyframe_points.foreach_get(name, values)
        curve.keyframe_points.foreach_set(name, values)


def repair_mix_links():
    """
    Blender 3.4's importer links a colour Mix node (a texture times its factor, as for a textured emissive) through
    its float output, which is disabled in colour mode and reads as 0: the emission vanishes. Relink the output of
    the node's own data type.
    """
    outputs = {"RGBA": "Result_Color", "FLOAT": "Result_Float", "VECTOR": "Result_Vector"}
    for material in bpy.data.materials:
        tree = material.node_tree
        if tree is None:
            continue
        for link in list(tree.links):
            node = link.from_node
            if node.bl_idname != "ShaderNodeMix" or link.from_socket.enabled:
                continue
            source = next((s for s in node.outputs if s.identifier == outputs.get(node.data_type)), None)
            if source is not None:
                target = link.to_socket
                tree.links.remove(link)
                tree.links.new(source, target)


def apply_gltf_settings(path, document, settings):
    scene = bpy.context.scene
    resolution = settings.get("resolution", [1280, 720])
    scene.render.resolution_x, scene.render.resolution_y = int(resolution[0]), int(resolution[1])
    scene.render.resolution_percentage = 100
    frames = settings.get("frameRange")
    if frames is None:
        # As the path tracer: an animated scene spans its animation, a still one is frame 0.
        last = max((int(math.ceil(a.frame_range[1])) for a in bpy.data.actions if a.users > 0), default=0)
        frames = [0, last]
    scene.frame_start, scene.frame_end = int(frames[0]), int(frames[1])
    world = bpy.data.worlds.new("inferix-environment")
    world.color = settings.get("environment", [0.05, 0.05, 0.05])
    world.use_nodes = True
    world.node_tree.nodes["Background"].inputs["Color"].default_value = (*world.color, 1.0)
    scene.world = world
    # The path tracer's tone curve is a fit of ACES filmic, which Blender 3.4 does not ship; of its view transforms,
    # Standard comes closest on the sample scenes (mean difference 11-20 levels at 32 spp, Filmic 14-22).
    scene.view_settings.view_transform = "Standard"
    scene.view_settings.look = "None"
    scene.view_settings.exposure = float(settings.get("exposure", 0))
    scene.camera = gltf_camera(path, document, settings.get("camera"))
    for light in bpy.data.lights:
        # KHR_lights_punctual lights are points (hard shadows); the importer leaves Blender's default 25 cm radius.
        light.shadow_soft_size = 0
        if light.type == "SUN":
            light.angle = 0


def gltf_camera(path, document, wanted):
    cameras = [o for o in bpy.data.objects if o.type == "CAMERA"]
    if not cameras:
        raise scene_invalid(f"{path}: the scene has no camera")
    if wanted is None:
        names = [n.get("name") for n in document.get("nodes", []) if isinstance(n, dict) and "camera" in n]
        wanted = next((name for name in names if name in bpy.data.objects), cameras[0].name)
    camera = bpy.data.objects.get(wanted)
    if camera is None or camera.type != "CAMERA":
        raise scene_invalid(f"{path}: extras.inferix.camera names no camera node of the scene: {json.dumps(wanted)}")
    return camera


def import_gltf(path):
    document = read_gltf_json(path)
    settings = gltf_settings(path, document)
    if numpy is None:
        raise DriverError("ENGINE_MISSING", NUMPY_HINT)
    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    # Keyframes land on frame time * fps at import: frame f is then time f / fps, as in the path tracer.
    scene.render.fps = int(settings.get("fps", 24))
    scene.render.fps_base = 1
    scene.frame_start = 0
    scene.render.engine = "CYCLES"
    try:
        # COMPAT: candela and lux taken as scene-linear values (W = 4 pi cd), as the path tracer does.
        result = bpy.ops.import_scene.gltf(filepath=path, convert_lighting_mode="COMPAT")
    except Exception as error:  # the importer raises anything from KeyError to struct.error on a malformed file
        raise scene_invalid(f"{path}: the glTF importer failed: {str(error).strip()}")
    if "FINISHED" not in result:
        raise scene_invalid(f"{path}: the glTF importer refused the file")
    merge_stashed_animations()
    repair_mix_links()
    try:
        apply_gltf_settings(path, document, settings)
    except (TypeError, ValueError, IndexError) as error:
        raise scene_invalid(f"{path}: extras.inferix is malformed ({error})")


def load_scene(path):
    extension = os.path.splitext(path)[1].lower()
    if not os.path.isfile(path):
        raise scene_invalid(f"{path}: no such file")
    if extension == ".blend":
        try:
            bpy.ops.wm.open_mainfile(filepath=path, load_ui=False)
        except RuntimeError as error:
            raise scene_invalid(f"{path}: not a readable .blend file ({str(error).strip()})")
    elif extension in (".glb", ".gltf"):
        import_gltf(path)
    else:
        raise scene_invalid(f"{path}: Blender renders .blend, .glb and .gltf scenes, not {extension or 'this file'}")
    if bpy.context.scene.camera is None:
        raise scene_invalid(f"{path}: the scene has no active camera")


# ---------------------------------------------------------------------------------------------------------------------
# Inspection
# ---------------------------------------------------------------------------------------------------------------------


def has_animation(owner):
    data = getattr(owner, "animation_data", None) if owner is not None else None
    if not data:
        return False
    return bool(data.action or len(data.drivers) or any(not t.mute and len(t.strips) for t in data.nla_tracks))


def is_animated_object(obj):
    while obj is not None:
        if has_animation(obj) or has_animation(obj.data):
            return True
        obj = obj.parent
    return False


def vertical_fov_degrees(camera, width, height):
    data = camera.data
    fit = data.sensor_fit
    if fit == "AUTO":
        fit = "HORIZONTAL" if width >= height else "VERTICAL"
        sensor = data.sensor_width
    else:
        sensor = data.sensor_width if fit == "HORIZONTAL" else data.sensor_height
    half = math.atan(sensor / (2 * data.lens))
    if fit == "HORIZONTAL":
        half = math.atan(math.tan(half) * height / width)
    return math.degrees(2 * half)


def describe_camera(obj, width, height):
    kind = {"PERSP": "perspective", "ORTHO": "orthographic"}.get(obj.data.type, "panoramic")
    fov = vertical_fov_degrees(obj, width, height) if kind == "perspective" else None
    return {"name": obj.name, "type": kind, "yfovDegrees": fov, "animated": is_animated_object(obj)}


def mirror_render_visibility(scene):
    """The depsgraph Python can evaluate is the viewport's: make it see what a render sees."""
    for collection in bpy.data.collections:
        collection.hide_viewport = collection.hide_render
    for obj in scene.objects:
        obj.hide_viewport = obj.hide_render
        for modifier in obj.modifiers:
            modifier.show_viewport = modifier.show_render
            if modifier.type == "SUBSURF":
                modifier.levels = modifier.render_levels


def count_geometry(scene):
    """Mesh instances (an instanced mesh counts once per instance), triangles, lights and the materials they use."""
    mirror_render_visibility(scene)
    depsgraph = bpy.context.evaluated_depsgraph_get()
    triangles_of = {}
    counts = {"objects": 0, "triangles": 0, "lights": 0}
    materials = set()
    for instance in depsgraph.object_instances:
        obj = instance.object
        if obj.type == "LIGHT":
            counts["lights"] += 1
        if obj.type not in GEOMETRY_TYPES:
            continue
        if obj.name not in triangles_of:
            mesh = obj.to_mesh()
            # A polygon of n corners is n - 2 triangles.
            triangles_of[obj.name] = len(mesh.loops) - 2 * len(mesh.polygons) if mesh else 0
            obj.to_mesh_clear()
        counts["objects"] += 1
        counts["triangles"] += triangles_of[obj.name]
        materials.update(slot.material.name for slot in obj.material_slots if slot.material)
    counts["materials"] = len(materials)
    return counts, materials


def images_of_tree(tree, seen_trees):
    # Material node trees are embedded and all named "Shader Nodetree": tell them apart by address.
    if tree is None or tree.as_pointer() in seen_trees:
        return set()
    seen_trees.add(tree.as_pointer())
    images = set()
    for node in tree.nodes:
        if getattr(node, "image", None) is not None:
            images.add(node.image)
        if node.type == "GROUP":
            images |= images_of_tree(node.node_tree, seen_trees)
    return images


def used_images(scene, material_names):
    trees = [bpy.data.materials[name].node_tree for name in material_names if bpy.data.materials[name].use_nodes]
    if scene.world and scene.world.use_nodes:
        trees.append(scene.world.node_tree)
    seen = set()
    images = set()
    for tree in trees:
        images |= images_of_tree(tree, seen)
    images |= {t.image for t in bpy.data.textures if t.users > 0 and getattr(t, "image", None) is not None}
    return sorted(images, key=lambda image: image.name)


def image_files(image):
    # normpath: a path relative to a file saved elsewhere reads "//../../x", which abspath leaves as "dir/../../x".
    path = os.path.normpath(bpy.path.abspath(image.filepath, library=image.library))
    if image.source == "TILED":
        return [path.replace("<UDIM>", str(tile.number)) for tile in image.tiles]
    return [path]


def missing_textures(images):
    """Images read from files (not packed, not generated) whose file does not exist: Cycles would render them pink."""
    missing = []
    for image in images:
        if image.packed_file is not None or image.source not in ("FILE", "SEQUENCE", "MOVIE", "TILED"):
            continue
        absent = [path for path in image_files(image) if not os.path.isfile(path)]
        if absent:
            missing.append({"name": image.name, "path": absent[0]})
    return missing


def linked_libraries():
    return [
        {"name": library.name, "path": os.path.normpath(bpy.path.abspath(library.filepath)), "found": os.path.isfile(bpy.path.abspath(library.filepath))}
        for library in bpy.data.libraries
    ]


def animated_scene(scene):
    owners = [scene, scene.world] + [m for m in bpy.data.materials if m.users > 0]
    for obj in scene.objects:
        owners += [obj, obj.data, getattr(obj.data, "shape_keys", None)]
    return any(has_animation(owner) for owner in owners)


def describe_scene(path):
    scene = bpy.context.scene
    render = scene.render
    width = round(render.resolution_x * render.resolution_percentage / 100)
    height = round(render.resolution_y * render.resolution_percentage / 100)
    cameras = [describe_camera(o, width, height) for o in sorted(scene.objects, key=lambda o: o.name) if o.type == "CAMERA"]
    counts, materials = count_geometry(scene)
    images = used_images(scene, materials)
    return {
        "engine": "blender-cycles",
        "format": os.path.splitext(path)[1].lower().lstrip("."),
        "frameRange": {"start": scene.frame_start, "end": scene.frame_end},
        "fps": render.fps / render.fps_base,
        "resolution": {"width": width, "height": height},
        "cameras": cameras,
        "activeCamera": scene.camera.name,
        "objects": counts["objects"],
        "triangles": counts["triangles"],
        "lights": counts["lights"],
        "materials": counts["materials"],
        "textures": len(images),
        "animated": animated_scene(scene),
        "missingTextures": missing_textures(images),
        "linkedLibraries": linked_libraries(),
    }


def check_dependencies(path, info):
    """A render with a missing file would still 'succeed' (pink textures, absent objects): refuse it, naming them."""
    problems = [f"texture {t['name']} ({t['path']})" for t in info["missingTextures"]]
    problems += [f"linked library {l['name']} ({l['path']})" for l in info["linkedLibraries"] if not l["found"]]
    if problems:
        raise scene_invalid(f"{path}: missing files: " + ", ".join(problems))


# ---------------------------------------------------------------------------------------------------------------------
# Devices and rendering
# ---------------------------------------------------------------------------------------------------------------------


def list_devices():
    preferences = bpy.context.preferences.addons["cycles"].preferences
    preferences.get_devices()  # refreshes the list for every backend this build has
    return [{"name": d.name, "id": d.id, "type": d.type} for d in preferences.devices]


def apply_device(scene, device):
    backend = device["backend"]
    if backend not in GPU_BACKENDS:
        scene.cycles.device = "CPU"
        return
    preferences = bpy.context.preferences.addons["cycles"].preferences
    preferences.get_devices()
    preferences.compute_device_type = backend
    wanted = set(device["ids"])
    for entry in preferences.devices:
        entry.use = entry.id in wanted
    if not any(entry.use for entry in preferences.devices):
        raise DriverError("OPTIONS_INVALID", f"none of the {backend} devices {sorted(wanted)} exists on this machine")
    scene.cycles.device = "GPU"


def apply_crop(render, crop, width, height):
    render.use_border = crop is not None
    render.use_crop_to_border = True
    if crop is None:
        return
    # The engine checks a crop against a requested resolution; against the scene's own, only here.
    for name, low, high in (("x", 0, width - 1), ("y", 0, height - 1), ("width", 1, width - crop["x"]), ("height", 1, height - crop["y"])):
        if not low <= crop[name] <= high:
            raise DriverError("OPTIONS_INVALID", f"crop.{name} must be an integer in [{low}, {high}] for a {width}x{height} frame, got {crop[name]}")
    # Blender's border is in fractions of the frame, y pointing up, stored in single precision and truncated to whole
    # pixels (fraction x size): an edge exactly on a pixel can land a hair below it and lose or gain a row (a 32x32
    # crop rendered 32x33). A quarter pixel past each edge truncates to the edge itself; the frame's far edge is 1.
    def edge(pixel, size):
        return min(1.0, (pixel + 0.25) / size)

    render.border_min_x = edge(crop["x"], width)
    render.border_max_x = edge(crop["x"] + crop["width"], width)
    render.border_min_y = edge(height - crop["y"] - crop["height"], height)
    render.border_max_y = edge(height - crop["y"], height)


def configure_render(scene, request):
    cycles = scene.cycles
    scene.render.engine = "CYCLES"
    apply_device(scene, request["device"])
    cycles.samples = request["samples"]
    cycles.use_adaptive_sampling = False  # a fixed sample count: the same work, the same noise
    cycles.use_denoising = False  # Debian's Blender has no OpenImageDenoise; the engine refuses denoise: true
    cycles.seed = request["seed"]
    cycles.use_animated_seed = True  # a different noise pattern per frame, still fixed by (seed, frame)
    bounces = request["bounces"]
    cycles.max_bounces = bounces
    cycles.diffuse_bounces = cycles.glossy_bounces = cycles.transmission_bounces = cycles.volume_bounces = bounces
    render = scene.render
    render.threads_mode = "FIXED"
    render.threads = request["threads"]
    if request.get("resolution"):
        render.resolution_x, render.resolution_y = request["resolution"]["width"], request["resolution"]["height"]
        render.resolution_percentage = 100
    width = round(render.resolution_x * render.resolution_percentage / 100)
    height = round(render.resolution_y * render.resolution_percentage / 100)
    apply_crop(render, request.get("crop"), width, height)
    # Dithering adds noise that depends on the pixel's position in the rendered image, not in the frame: with it on, a
    # crop differs from the same rectangle of the full frame by up to 2 levels; with it off they are identical.
    render.dither_intensity = 0
    render.use_stamp = False  # a burnt-in stamp draws the date into the pixels
    settings = render.image_settings
    settings.file_format = "PNG"
    settings.color_mode = "RGB"
    settings.color_depth = "8"
    settings.compression = 0  # the engine re-encodes every PNG anyway
    return {"width": width, "height": height}


def render_frames(request):
    scene = bpy.context.scene
    frame = configure_render(scene, request)
    out = request["outDir"]
    for index, number in enumerate(request["frames"]):
        emit("frame", index=index, frame=number)
        scene.frame_set(number)
        scene.render.filepath = os.path.join(out, f"{index:06d}.png")
        bpy.ops.render.render(write_still=True)
        emit("frameDone", index=index, frame=number)
    return frame


# ---------------------------------------------------------------------------------------------------------------------
# Proof-of-Rendering: what placement needs of a scene, and the marks' insertion (keepers/engines/blender/marks/)
# ---------------------------------------------------------------------------------------------------------------------


def frame_size(scene, resolution):
    render = scene.render
    if resolution:
        return resolution["width"], resolution["height"]
    return round(render.resolution_x * render.resolution_percentage / 100), round(render.resolution_y * render.resolution_percentage / 100)


def check_markable(path, scene):
    """What would move a mark off the pixels placement computed for it, or smear it: refused, naming the setting."""
    camera = scene.camera.data
    render = scene.render
    problems = []
    if camera.type not in ("PERSP", "ORTHO"):
        problems.append(f"the camera {scene.camera.name} is panoramic")
    if camera.shift_x != 0 or camera.shift_y != 0:
        problems.append(f"the camera {scene.camera.name} has a lens shift ({camera.shift_x}, {camera.shift_y})")
    if camera.dof.use_dof:
        problems.append(f"the camera {scene.camera.name} has depth of field")
    if render.pixel_aspect_x != render.pixel_aspect_y:
        problems.append(f"pixels are not square ({render.pixel_aspect_x}:{render.pixel_aspect_y})")
    if render.use_motion_blur:
        problems.append("motion blur is on")
    if render.frame_map_old != render.frame_map_new:
        problems.append("time is remapped")
    if problems:
        raise scene_invalid(f"{path}: PoR marks need a sharp pinhole view with square pixels: " + ", ".join(problems))


def camera_pose(scene, depsgraph, width, height):
    """
    The active camera as por/cameraPose.ts's CameraPose, exactly as Cycles projects it (blender_camera_viewplane):
    the axes of matrix_world with its scale cleared (the camera looks along local -Z, up +Y); the sensor fitted to the
    wider side (AUTO), the width (HORIZONTAL) or the height (VERTICAL).
    """
    obj = scene.camera.evaluated_get(depsgraph)
    data = obj.data
    matrix = obj.matrix_world
    axes = [matrix.col[i].xyz.normalized() for i in range(3)]
    fit = data.sensor_fit
    horizontal = width > height if fit == "AUTO" else fit == "HORIZONTAL"
    aspect = height / width if horizontal else 1.0  # the visible height over the fitted extent
    if data.type == "ORTHO":
        half_height = data.ortho_scale / 2 * aspect
    else:
        sensor = data.sensor_height if fit == "VERTICAL" else data.sensor_width
        half_height = sensor / (2 * data.lens) * aspect
    return {
        "position": list(matrix.translation),
        "right": list(axes[0]),
        "up": list(axes[1]),
        "forward": list(-axes[2]),
        "orthographic": data.type == "ORTHO",
        "halfHeight": half_height,
    }


def mesh_triangles(obj):
    """An evaluated object's triangles in its local space: (vertices, corner indices), or None without geometry."""
    mesh = obj.to_mesh()
    try:
        if mesh is None or len(mesh.polygons) == 0:
            return None
        mesh.calc_loop_triangles()
        vertices = numpy.empty(len(mesh.vertices) * 3, dtype=numpy.float64)
        mesh.vertices.foreach_get("co", vertices)
        corners = numpy.empty(len(mesh.loop_triangles) * 3, dtype=numpy.int64)
        mesh.loop_triangles.foreach_get("vertices", corners)
        return vertices.reshape(-1, 3), corners
    finally:
        obj.to_mesh_clear()


def write_triangles(depsgraph, path):
    """
    The world-space triangles camera rays can hit in the current frame (instances included, each with its own matrix),
    as little-endian float32, 9 per triangle: what a mark must not be hidden by. Objects invisible to camera rays are
    left out, as Cycles leaves them out of what the camera sees.
    """
    local = {}
    count = 0
    with open(path, "wb") as file:
        for instance in depsgraph.object_instances:
            obj = instance.object
            if obj.type not in GEOMETRY_TYPES or not obj.visible_camera:
                continue
            if not instance.is_instance and not instance.show_self:
                continue  # an instancer whose own geometry is not rendered
            key = obj.name
            if key not in local:
                local[key] = mesh_triangles(obj)
            if local[key] is None:
                continue
            vertices, corners = local[key]
            matrix = numpy.array(instance.matrix_world, dtype=numpy.float64)
            world = vertices @ matrix[:3, :3].T + matrix[:3, 3]
            world[corners].astype("<f4").tofile(file)
            count += len(corners) // 3
    return count


def write_display_curve(scene, path, count=1024):
    """
    The scene's view transform (with its exposure, look and gamma) measured on a ramp of linear greys: Blender writes
    a float image through the very colour management a render goes through, to a 16-bit PNG. Calibration reads a
    mark's display level off this curve, whatever the view transform (Standard, Filmic...).
    """
    radiances = [0.0] + [1e-4 * (1e6 ** (i / (count - 2))) for i in range(count - 1)]  # 1e-4 .. 100, geometric
    image = bpy.data.images.new("inferix-display-ramp", count, 1, float_buffer=True, alpha=False)
    pixels = []
    for value in radiances:
        pixels += [value, value, value, 1.0]
    image.pixels = pixels
    scene.render.dither_intensity = 0  # as in renders (configure_render)
    settings = scene.render.image_settings
    settings.file_format, settings.color_mode, settings.color_depth = "PNG", "RGB", "16"
    image.save_render(path, scene=scene)
    bpy.data.images.remove(image)
    return radiances


def run_placement(request):
    path = request["scene"]
    load_scene(path)
    if numpy is None:
        raise DriverError("ENGINE_MISSING", NUMPY_HINT)
    scene = bpy.context.scene
    width, height = frame_size(scene, request.get("resolution"))
    mirror_render_visibility(scene)  # never saved: this mode writes no scene
    frames = []
    for index, number in enumerate(request["frames"]):
        scene.frame_set(number)
        check_markable(path, scene)  # per frame: timeline markers may switch cameras, a lens shift may be animated
        depsgraph = bpy.context.evaluated_depsgraph_get()
        triangles = os.path.join(request["outDir"], f"{index:06d}.tri")
        count = write_triangles(depsgraph, triangles)
        frames.append({"frame": number, "camera": camera_pose(scene, depsgraph, width, height), "triangles": triangles, "count": count})
    curve = os.path.join(request["outDir"], "display.png")
    radiances = write_display_curve(scene, curve)
    render = scene.render
    return {"frames": frames, "resolution": {"width": width, "height": height}, "fps": render.fps / render.fps_base,
            "displayCurve": {"radiances": radiances, "png": curve}}


def mark_mesh(name):
    """A unit quad in its local xy plane facing +z; uv = local + 1/2, so the texture's top row is at +y (upright)."""
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata([(-0.5, -0.5, 0), (0.5, -0.5, 0), (0.5, 0.5, 0), (-0.5, 0.5, 0)], [], [(0, 1, 2, 3)])
    layer = mesh.uv_layers.new(name="UVMap")
    for loop in mesh.loops:
        x, y, _ = mesh.vertices[loop.vertex_index].co
        layer.data[loop.index].uv = (x + 0.5, y + 0.5)
    return mesh


def mark_material(name, texture, colour):
    """Emission (strength 1) of the texture times the calibrated colour: the mark's radiance is its colour, whatever the lights."""
    image = bpy.data.images.load(texture, check_existing=False)
    image.name = name
    image.colorspace_settings.name = "sRGB"
    image.pack()
    image.filepath_raw = f"//{name}.png"  # where an unpack would put it; nothing is read from there
    material = bpy.data.materials.new(name)
    material.use_nodes = True
    nodes, links = material.node_tree.nodes, material.node_tree.links
    nodes.clear()
    coordinates = nodes.new("ShaderNodeTexCoord")
    sampler = nodes.new("ShaderNodeTexImage")
    sampler.image, sampler.interpolation, sampler.extension = image, "Closest", "EXTEND"
    tint = nodes.new("ShaderNodeVectorMath")
    tint.operation = "MULTIPLY"
    tint.inputs[1].default_value = colour
    emission = nodes.new("ShaderNodeEmission")
    emission.inputs["Strength"].default_value = 1.0
    output = nodes.new("ShaderNodeOutputMaterial")
    links.new(coordinates.outputs["UV"], sampler.inputs["Vector"])
    links.new(sampler.outputs["Color"], tint.inputs[0])
    links.new(tint.outputs["Vector"], emission.inputs["Color"])
    links.new(emission.outputs["Emission"], output.inputs["Surface"])
    return material


def add_mark(collection, mark):
    name = mark["name"]
    mesh = mark_mesh(name)
    mesh.materials.append(mark_material(name, mark["texture"], mark["colour"]))
    obj = bpy.data.objects.new(name, mesh)
    collection.objects.link(obj)
    # Seen by camera rays only: a mark neither lights, shades nor shadows the scene.
    obj.visible_camera = True
    obj.visible_diffuse = obj.visible_glossy = obj.visible_transmission = obj.visible_volume_scatter = obj.visible_shadow = False
    obj.rotation_mode = "QUATERNION"
    for pose in mark["poses"]:
        obj.location, obj.rotation_quaternion, obj.scale = pose["location"], pose["rotation"], pose["scale"]
        for path in ("location", "rotation_quaternion", "scale"):
            obj.keyframe_insert(path, frame=pose["frame"])
    for curve in obj.animation_data.action.fcurves:
        for point in curve.keyframe_points:
            point.interpolation = "LINEAR"


def run_insert(request):
    path, output = request["scene"], request["output"]
    if os.path.splitext(path)[1].lower() != ".blend" or os.path.splitext(output)[1].lower() != ".blend":
        raise DriverError("OPTIONS_INVALID", f"marks go from a .blend into a new .blend, not {path} into {output}")
    if os.path.exists(output) and os.path.samefile(path, output):
        raise DriverError("OPTIONS_INVALID", f"marks are never written over the input scene {path}")
    load_scene(path)
    scene = bpy.context.scene
    # A one-pixel box filter: every sample of a pixel stays inside it, so a mark's pixels show its texels exactly and
    # not one pixel around a mark sees it. Cycles' default (Blackman-Harris, 1.5 px) reaches 0.25 px across a mark's
    # edge: measured at 320x180, 16 spp, imprints 4-8 levels RMS apart from one seed to another and ring pixels up to
    # 21 levels off.
    scene.cycles.pixel_filter_type = "BOX"
    scene.cycles.filter_width = 1.0
    if request["marks"]:
        collection = bpy.data.collections.new("inferix-por-marks")
        scene.collection.children.link(collection)
        for mark in request["marks"]:
            add_mark(collection, mark)
    # Into the output's directory, so relative paths are remapped once and for all; renamed into place when whole.
    temporary = os.path.join(os.path.dirname(output), f".{os.path.basename(output)}.{os.getpid()}.partial.blend")
    bpy.context.preferences.filepaths.save_version = 0
    try:
        bpy.ops.wm.save_as_mainfile(filepath=temporary, copy=True, relative_remap=True, compress=False)
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return {"output": output, "marks": len(request["marks"])}


# ---------------------------------------------------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------------------------------------------------


def run_devices(request):
    return {"devices": list_devices()}


def run_inspect(request):
    load_scene(request["scene"])
    return {"info": describe_scene(request["scene"])}


def run_render(request):
    path = request["scene"]
    load_scene(path)
    check_dependencies(path, describe_scene(path))
    emit("loaded")
    return {"frame": render_frames(request)}


MODES = {"devices": run_devices, "inspect": run_inspect, "render": run_render, "placement": run_placement, "insert": run_insert}


def write_result(path, result):
    temporary = path + ".partial"
    with open(temporary, "w") as file:
        json.dump(result, file)
    os.replace(temporary, path)


def main():
    with open(sys.argv[sys.argv.index("--") + 1]) as file:
        request = json.load(file)
    try:
        result = {"ok": True, **MODES[request["mode"]](request)}
    except DriverError as error:
        result = {"ok": False, "code": error.code, "message": error.message}
    write_result(request["result"], result)


main()
