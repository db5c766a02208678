"""Keep the MiniLM model's weights int8 in memory (docs/memory.md, "Memory use").

The model file stores each weight as int8 with a ``Cast`` to float and a ``Mul`` by its scale.
onnxruntime's constant folding turns every one into a float32 copy when the session is made
(about 85 MB resident, 210 MB at the load's peak). With folding off (``disabled_optimizers``
in embed.py) the MatMul weights are cast at each run instead (+4 ms a sentence), but the two
embedding tables would then be cast whole at each run, the word table's 30,522 rows for the
few a sentence uses. So this rewrites them: ``Gather`` the int8 rows first, then the same
``Cast`` and ``Mul`` by the gathered rows' scales. The same products of the same numbers, so
the same floats.

The rewrite reads and writes the ONNX protobuf through a partial schema of its own (the
fields it touches; protobuf keeps every other field as it was), so the ``onnx`` package is
not needed; ``protobuf`` comes with onnxruntime.
"""

from __future__ import annotations

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

INT8 = 3       # onnx.TensorProto.INT8
FLOAT = 1      # onnx.TensorProto.FLOAT
ATTR_INT = 2   # onnx.AttributeProto.INT


def _schema():
    f = descriptor_pb2.FileDescriptorProto(name="glasses_onnx_subset.proto", package="glasses_onnx_subset",
                                           syntax="proto2")
    L = descriptor_pb2.FieldDescriptorProto
    def msg(name, fields):
        m = f.message_type.add(name=name)
        for fname, number, ftype, label, tname in fields:
            fd = m.field.add(name=fname, number=number, type=ftype, label=label)
            if tname:
                fd.type_name = ".glasses_onnx_subset." + tname
    opt, rep = L.LABEL_OPTIONAL, L.LABEL_REPEATED
    msg("AttributeProto", [("name", 1, L.TYPE_STRING, opt, ""), ("i", 3, L.TYPE_INT64, opt, ""),
                           ("type", 20, L.TYPE_INT32, opt, "")])
    msg("NodeProto", [("input", 1, L.TYPE_STRING, rep, ""), ("output", 2, L.TYPE_STRING, rep, ""),
                      ("name", 3, L.TYPE_STRING, opt, ""), ("op_type", 4, L.TYPE_STRING, opt, ""),
                      ("attribute", 5, L.TYPE_MESSAGE, rep, "AttributeProto"),
                      ("domain", 7, L.TYPE_STRING, opt, "")])
    msg("TensorProto", [("dims", 1, L.TYPE_INT64, rep, ""), ("data_type", 2, L.TYPE_INT32, opt, ""),
                        ("name", 8, L.TYPE_STRING, opt, "")])
    msg("GraphProto", [("node", 1, L.TYPE_MESSAGE, rep, "NodeProto"),
                       ("initializer", 5, L.TYPE_MESSAGE, rep, "TensorProto")])
    msg("ModelProto", [("graph", 7, L.TYPE_MESSAGE, opt, "GraphProto")])
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    desc = pool.FindMessageTypeByName("glasses_onnx_subset.ModelProto")
    if hasattr(message_factory, "GetMessageClass"):             # protobuf 4.21 and later
        return message_factory.GetMessageClass(desc)
    return message_factory.MessageFactory(pool).GetPrototype(desc)


ModelProto = _schema()


def _node(graph, op: str, inputs: list[str], outputs: list[str], **ints: int):
    n = graph.node.add(op_type=op, name=outputs[0] + "_" + op.lower())
    n.input.extend(inputs)
    n.output.extend(outputs)
    for k, v in ints.items():
        n.attribute.add(name=k, i=v, type=ATTR_INT)
    return n


def gather_before_dequantize(model: bytes) -> tuple[bytes, int]:
    """The model with each int8 table that feeds only ``Gather`` nodes gathered before its
    Cast and Mul; returns the new bytes and how many tables it rewrote."""
    m = parse(model)
    tables = rewrite(m)
    return (m.SerializeToString(), tables) if tables else (model, 0)


def parse(model: bytes):
    m = ModelProto()
    m.ParseFromString(model)
    return m


def rewrite(m) -> int:
    """``gather_before_dequantize`` on a parsed model, in place; returns the tables rewritten."""
    g = m.graph
    dims = {t.name: tuple(t.dims) for t in g.initializer}
    int8 = {t.name for t in g.initializer if t.data_type == INT8}
    users: dict[str, list] = {}
    for n in g.node:
        for i in n.input:
            users.setdefault(i, []).append(n)
    replace: dict[int, list[tuple]] = {}    # index of a Gather -> the nodes in its place
    dropped: set[int] = set()
    index = {id(n): k for k, n in enumerate(g.node)}
    for n in g.node:
        if n.op_type != "Cast" or not n.input or n.input[0] not in int8:
            continue
        q, f = n.input[0], n.output[0]
        (mul, *more) = users.get(f, [None])
        if more or mul is None or mul.op_type != "Mul":
            continue
        scale = next((i for i in mul.input if i != f), "")
        gathers = users.get(mul.output[0], [])
        if scale not in dims or not gathers or not all(
                u.op_type == "Gather" and u.input[0] == mul.output[0]
                and all(a.name != "axis" or a.i == 0 for a in u.attribute) for u in gathers):
            continue
        per_row = len(dims[scale]) == 2 and dims[scale][0] == dims[q][0] and dims[scale][1] == 1
        if not (per_row or all(d == 1 for d in dims[scale][:-1])):
            continue
        dropped.update({index[id(n)], index[id(mul)]})
        for u in gathers:
            ids, out = u.input[1], u.output[0]
            nodes = [("Gather", [q, ids], [out + "_q"], {"axis": 0}),
                     ("Cast", [out + "_q"], [out + "_f"], {"to": FLOAT})]
            if per_row:
                nodes += [("Gather", [scale, ids], [out + "_s"], {"axis": 0}),
                          ("Mul", [out + "_f", out + "_s"], [out], {})]
            else:
                nodes += [("Mul", [out + "_f", scale], [out], {})]
            replace[index[id(u)]] = nodes
    if not replace:
        return 0
    old = list(g.node)
    del g.node[:]
    for k, n in enumerate(old):
        if k in dropped:
            continue
        if k in replace:
            for op, ins, outs, ints in replace[k]:
                _node(g, op, ins, outs, **ints)
        else:
            g.node.add().CopyFrom(n)
    return len(dropped) // 2
