"""Writes the .blend test scenes of the Blender Cycles engine, procedurally (nothing downloaded):

    blender -b --factory-startup --python-exit-code 1 --python generateBlendScenes.py -- <out dir>

- shot.blend: 4 rendered mesh objects (a floor, a cube and its linked duplicate, a sphere subdivided only at render
  time), a render-hidden helper, a point and a sun light, 3 materials (one with a packed checker texture), an
  animated perspective camera (frames 1-24 at 25 fps) and a static orthographic one; 640x360 at 50%.
- missing-texture.blend: shot.blend plus a poster whose texture file (//textures/missing_albedo.png) does not exist.
- library.blend, linked-library.blend: a rock linked from library.blend into shot.blend.
- missing-library.blend: a rock linked from //gone-library.blend, which is deleted.
- truncated.blend (the first half of shot.blend) and garbage.blend (text): files Blender cannot read.
- top-view.blend: shot.blend seen through its orthographic TopCamera, with a decal on the floor whose texture is a
  file beside the scene (//textures/decal.png): PoR marks in an orthographic view, relative paths of a marked copy.
- lens-shift.blend: shot.blend with a lens shift on its camera (PoR marks refuse it).
keepers/engines/scenes/blendScenes.ts runs this into the scene cache; the tests' expected figures follow from it.
"""

import math
import os
import sys

import bmesh
import bpy

OUT = sys.argv[sys.argv.index("--") + 1]


def reset():
    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene
    scene.render.engine = "CYCLES"
    return scene


def mesh_from(name, build):
    mesh = bpy.data.meshes.new(name)
    bm = bmesh.new()
    build(bm)
    bm.to_mesh(mesh)
    bm.free()
    return mesh


def place(scene, name, data, location):
    obj = bpy.data.objects.new(name, data)
    obj.location = location
    scene.collection.objects.link(obj)
    return obj


def checker_image(name, size=32, squares=4, pack=True):
    image = bpy.data.images.new(name, size, size)
    pixels = []
    for y in range(size):
        for x in range(size):
            value = 0.85 if (x * squares // size + y * squares // size) % 2 else 0.15
            pixels += [value, value, value, 1.0]
    image.pixels = pixels
    if pack:
        image.pack()  # the texture travels inside the .blend
    return image


def material(name, color, roughness=0.5, metallic=0.0, image=None):
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    bsdf = mat.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (*color, 1.0)
    bsdf.inputs["Roughness"].default_value = roughness
    bsdf.inputs["Metallic"].default_value = metallic
    if image is not None:
        texture = mat.node_tree.nodes.new("ShaderNodeTexImage")
        texture.image = image
        mat.node_tree.links.new(texture.outputs["Color"], bsdf.inputs["Base Color"])
    return mat


def add_cameras(scene):
    shot = bpy.data.cameras.new("ShotCamera")
    shot.lens, shot.sensor_width, shot.sensor_fit = 35, 36, "AUTO"
    camera = place(scene, "ShotCamera", shot, (0, -6, 2.2))
    camera.rotation_euler = (math.radians(75), 0, 0)
    camera.keyframe_insert("location", frame=1)
    camera.location = (2.5, -5.5, 2.0)
    camera.keyframe_insert("location", frame=24)
    top = bpy.data.cameras.new("TopCamera")
    top.type, top.ortho_scale = "ORTHO", 8
    place(scene, "TopCamera", top, (0, 0, 10))
    scene.camera = camera


def add_lights(scene):
    key = bpy.data.lights.new("KeyLight", "POINT")
    key.energy = 600
    place(scene, "KeyLight", key, (2, -2, 4))
    sun = bpy.data.lights.new("SunLight", "SUN")
    sun.energy = 2
    place(scene, "SunLight", sun, (0, 0, 8)).rotation_euler = (math.radians(40), 0, math.radians(30))


def add_objects(scene):
    floor_mesh = mesh_from("Floor", lambda bm: bmesh.ops.create_grid(bm, x_segments=1, y_segments=1, size=5, calc_uvs=True))
    floor_mesh.materials.append(material("Floor", (1, 1, 1), 0.6, image=checker_image("Checker")))
    place(scene, "Floor", floor_mesh, (0, 0, 0))
    cube_mesh = mesh_from("Cube", lambda bm: bmesh.ops.create_cube(bm, size=1))
    cube_mesh.materials.append(material("Red", (0.7, 0.1, 0.08), 0.4))
    place(scene, "Cube", cube_mesh, (-1.5, 0, 0.5))
    place(scene, "CubeTwin", cube_mesh, (-0.2, 1.5, 0.5))  # a linked duplicate: the same mesh, a second instance
    sphere_mesh = mesh_from("Sphere", lambda bm: bmesh.ops.create_uvsphere(bm, u_segments=16, v_segments=8, radius=0.7))
    sphere_mesh.materials.append(material("Metal", (0.9, 0.75, 0.4), 0.25, metallic=1.0))
    sphere = place(scene, "Sphere", sphere_mesh, (1.2, 0.2, 0.7))
    # Subdivided at render time only: 16 x 8 segments (32 triangles, 96 quads) become 480 quads, 960 triangles.
    subdivision = sphere.modifiers.new("Subdivision", "SUBSURF")
    subdivision.levels, subdivision.render_levels = 0, 1
    helper_mesh = mesh_from("Helper", lambda bm: bmesh.ops.create_cube(bm, size=0.3))
    helper_mesh.materials.append(material("Helper", (0, 1, 0)))
    place(scene, "Helper", helper_mesh, (0, 0, 3)).hide_render = True


def build_shot():
    scene = reset()
    scene.frame_start, scene.frame_end = 1, 24
    scene.render.fps, scene.render.fps_base = 25, 1
    scene.render.resolution_x, scene.render.resolution_y, scene.render.resolution_percentage = 640, 360, 50
    world = bpy.data.worlds.new("World")
    world.use_nodes = True
    world.node_tree.nodes["Background"].inputs["Color"].default_value = (0.05, 0.06, 0.08, 1)
    scene.world = world
    add_cameras(scene)
    add_lights(scene)
    add_objects(scene)
    return scene


def add_decal(scene):
    os.makedirs(os.path.join(OUT, "textures"), exist_ok=True)
    image = checker_image("decal", size=16, squares=2, pack=False)  # a file on disk, not packed
    image.filepath_raw = os.path.join(OUT, "textures", "decal.png")
    image.file_format = "PNG"
    image.save()
    image.filepath = "//textures/decal.png"
    # calc_uvs fills a UV layer only where there is one.
    board = mesh_from("Decal", lambda bm: (bm.loops.layers.uv.new(), bmesh.ops.create_grid(bm, x_segments=1, y_segments=1, size=0.6, calc_uvs=True)))
    board.materials.append(material("Decal", (1, 1, 1), image=image))
    place(scene, "Decal", board, (2.6, -1.2, 0.01))


def save(name):
    # No .blend1 backup when a file is saved twice (set each time: reset() brings the factory preferences back).
    bpy.context.preferences.filepaths.save_version = 0
    bpy.ops.wm.save_as_mainfile(filepath=os.path.join(OUT, name), compress=False)


def link_rock(scene, library):
    with bpy.data.libraries.load(os.path.join(OUT, library), link=True, relative=True) as (source, target):
        target.objects = ["LibraryRock"]
    scene.collection.objects.link(target.objects[0])


def write_library(name):
    scene = reset()
    rock = mesh_from("LibraryRock", lambda bm: bmesh.ops.create_icosphere(bm, subdivisions=2, radius=0.4))
    place(scene, "LibraryRock", rock, (0, -1.5, 0.4))
    save(name)


def main():
    os.makedirs(OUT, exist_ok=True)
    build_shot()
    save("shot.blend")

    build_shot()
    save("missing-texture.blend")  # saved first, so the path below is relative to where the file lives
    poster = bpy.data.images.new("missing_albedo", 4, 4)
    poster.source, poster.filepath = "FILE", "//textures/missing_albedo.png"
    board = mesh_from("Poster", lambda bm: bmesh.ops.create_grid(bm, x_segments=1, y_segments=1, size=1, calc_uvs=True))
    board.materials.append(material("Poster", (1, 1, 1), image=poster))
    place(bpy.context.scene, "Poster", board, (0, 2.5, 1)).rotation_euler = (math.radians(90), 0, 0)
    save("missing-texture.blend")

    for library, scene_name in (("library.blend", "linked-library.blend"), ("gone-library.blend", "missing-library.blend")):
        write_library(library)
        build_shot()
        save(scene_name)
        link_rock(bpy.context.scene, library)
        save(scene_name)
    os.remove(os.path.join(OUT, "gone-library.blend"))

    scene = build_shot()
    scene.camera = bpy.data.objects["TopCamera"]
    save("top-view.blend")  # saved first, so the path below is relative to where the file lives
    add_decal(scene)
    save("top-view.blend")
    build_shot().camera.data.shift_x = 0.1
    save("lens-shift.blend")

    with open(os.path.join(OUT, "shot.blend"), "rb") as file:
        data = file.read()
    with open(os.path.join(OUT, "truncated.blend"), "wb") as file:
        file.write(data[: len(data) // 2])
    with open(os.path.join(OUT, "garbage.blend"), "w") as file:
        file.write("this is not a .blend file\n" * 64)


main()
